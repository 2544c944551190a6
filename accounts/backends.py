from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from accounts.models import User
from core.pii import normalize_phone


class PhoneOrUsernameBackend(ModelBackend):
    """Log in with a username or the mobile phone number on the account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        ident = username.strip()
        user = User.objects.filter(Q(username=ident) | Q(phone=normalize_phone(ident) or None)).first()
        if user is None:
            User().set_password(password)  # same work as a real check, so timing says nothing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
