"""Names for the types every layer passes around: who acts, and who reads.

Core may not import accounts, so the user model is imported for the type checker only; at run
time these aliases are strings that annotations never evaluate.
"""

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

# The `by=` of a service: a logged-in user, or None for a script (the demo loader, a scheduled
# job, a test fixture), which the service lets through and the audit log names as the system.
Actor: TypeAlias = "User | None"

# Whoever reads a page: `request.user` on a page anyone may open.
Viewer: TypeAlias = "User | AnonymousUser"
