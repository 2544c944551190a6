import os

from django.core.wsgi import get_wsgi_application

# Before Django creates anything: the database, var/secret_key and uploads stay the site user's
# alone (0600 files, 0700 directories), whatever umask the process manager started us with.
os.umask(0o077)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
