import os

from django.core.asgi import get_asgi_application

# As config/wsgi.py: files the site creates are its own user's alone.
os.umask(0o077)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()
