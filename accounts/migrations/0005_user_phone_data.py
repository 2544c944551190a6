# Accounts' phones encrypted, hashed and masked (the columns 0004 added). Logins that were phone
# numbers (the public volunteer sign-up made them so) get a username of initials and digits; their
# phone moves to the phone columns, so the person who logged in with their phone still can.

from django.db import migrations

from accounts.usernames import looks_like_phone, new_username, phone_in
from core import pii


def encrypt_phones(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    users = list(User.objects.order_by("pk"))
    usernames = {user.username for user in users}
    # The phone column was unique; a login that is a phone number keeps it as its phone unless
    # another account has that phone already, which then wins.
    phones = {user.pk: pii.normalize_phone(user.phone) for user in users if user.phone}
    held = set(phones.values())
    for user in users:
        if user.pk not in phones and (phone := phone_in(user.username)):
            if phone not in held:
                phones[user.pk] = phone
                held.add(phone)
    for user in users:
        for field, value in pii.phone_columns(phones.get(user.pk, ""), last4="phone_last4").items():
            setattr(user, field, value)
        if looks_like_phone(user.username):
            user.username = new_username(user.display_name or "", taken=usernames.__contains__)
            usernames.add(user.username)
        user.save(update_fields=["username", "phone_enc", "phone_hash", "phone_masked", "phone_last4"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_phone_encrypted"),
    ]

    operations = [
        migrations.RunPython(encrypt_phones, migrations.RunPython.noop),
    ]
