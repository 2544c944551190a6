from django.contrib.auth.backends import ModelBackend

from accounts.models import User
from accounts.queries import users_with_phone
from accounts.usernames import looks_like_phone


class PhoneOrUsernameBackend(ModelBackend):
    """Log in with a username or the mobile phone number on the account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        ident = username.strip()
        # No username is a phone number (create_account refuses them), so the two never clash.
        users = users_with_phone(ident) if looks_like_phone(ident) else User.objects.filter(username=ident)
        user = users.first()
        if user is None:
            User().set_password(password)  # same work as a real check, so timing says nothing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
