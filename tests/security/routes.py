"""What each persona must get from each route: the declaration the route matrix
(test_route_matrix.py) holds every page of the URL conf and every operation of the OpenAPI schema to.

Each answer string has one answer per persona, in this order:

    anonymous resident volunteer leader grid staff staff_b town county

(the demo logins of the tiny demo: a resident, a volunteer and a team leader of 城南社区 (A), a grid
worker of one of its grid groups, community staff of A and of 城北社区 (B), the town and the county
admins). An answer is the status code, or "login" for a redirect to the login page, or "302" for
any other redirect. A route with an object in its path has two strings per method: asked about an
object of A (the one the A personas are attached to), then about an object of B. Pages are asked
with GET and with an empty POST (CSRF checks off, as in every view test); API operations with their
own method, an empty JSON body and each persona's API token.

A new route fails the matrix until it is declared here; the failure prints what it answers now, to
be checked cell by cell before it is copied in (ROUTE_MATRIX_DUMP=/tmp/matrix.jsonl writes every
route's answers as JSON lines, for a change that touches many). Whatever is declared, an answer of 2xx or a redirect
elsewhere than the login page to a persona asking about an object outside its scope fails the
matrix, unless the route is in PUBLIC; and every route with an object is also asked, as the town and
the county admins, about an object of a community in another county, which both must be refused.
"""

# Routes whose objects anyone may see or act on, with why.
PUBLIC = {
    "volunteering/join/<str:code>/",  # the public volunteer sign-up page of a community
    "volunteering/join/<str:code>/thanks/",  # after the public sign-up
    "volunteering/join/<str:code>/poster/",  # the sign-up poster, to print
    "volunteering/notice/<str:code>/",  # the public notice board of service hours (公示)
    "volunteering/verify/<str:serial>/",  # anyone checks a certificate by its serial
    "activities/stories/<int:community_pk>/",  # a community's published activity stories
    "activities/stories/<int:community_pk>/photos/<int:photo_pk>/",  # their photos
    "wishes/wall/<int:community_pk>/",  # the public wish wall
    "wishes/wall/<int:community_pk>/compound/<int:compound_pk>/",  # a compound's part of the wall
    "wishes/wall/wish/<int:pk>/",  # one wish of the wall
    "wishes/<int:pk>/claim/",  # any claimant of the county claims from the county's wall
    "wishes/claims/<int:claim_pk>/join/",  # any claimant of the county joins a group claim
    "calendar/v/<str:token>.ics",  # the token is the secret of the volunteer's own link
    "calendar/community/<int:pk>.ics",  # a community's published activities
    "GET /api/v1/volunteering/verify/{serial}",  # the certificate check
    "GET /api/v1/wishes/wall/{community_id}",  # the public wall
    "GET /api/v1/wishes/wall/{community_id}/compounds",  # the public wall
    "GET /api/v1/wishes/wall/{community_id}/stories",  # the public wall
    "GET /api/v1/wishes/wall/county/{county_id}",  # the county's public wall
    "GET /api/v1/wishes/wall/wishes/{wish_id}",  # the public wall
    "POST /api/v1/wishes/{wish_id}/claim",  # any claimant of the county
    "POST /api/v1/wishes/claims/{claim_id}/join",  # any claimant of the county
}

PAGES = {
    # core
    "": {"GET": "login 200 200 200 200 200 200 200 200", "POST": "login 200 200 200 200 200 200 200 200"},
    "audit/": {"GET": "login 403 403 403 403 200 200 200 200", "POST": "login 403 403 403 403 200 200 200 200"},
    "jobs/": {"GET": "login 403 403 403 403 403 403 403 200", "POST": "login 403 403 403 403 403 403 403 200"},
    "healthz": {"GET": "200 200 200 200 200 200 200 200 200", "POST": "200 200 200 200 200 200 200 200 200"},
    "hello": {"GET": "200 200 200 200 200 200 200 200 200", "POST": "200 200 200 200 200 200 200 200 200"},
    # accounts
    # The same address fails four empty logins in a row, then is made to wait.
    "accounts/login/": {"GET": "200 200 200 200 200 200 200 200 200", "POST": "200 200 200 200 429 429 429 429 429"},
    "accounts/logout/": {
        "GET": "405 405 405 405 405 405 405 405 405",
        "POST": "login login login login login login login login login",
    },
    "accounts/password/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "accounts/tokens/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "accounts/tokens/<int:pk>/revoke/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 404 404 404 302 404 404 404", "login 404 404 404 404 404 302 404 404"),
    },
    "accounts/people/": {
        "GET": "login 403 403 403 403 200 200 403 403",
        "POST": "login 403 403 403 403 200 200 403 403",
    },
    "accounts/people/new/": {
        "GET": "login 403 403 403 403 200 200 403 403",
        "POST": "login 403 403 403 403 200 200 403 403",
    },
    "accounts/people/<int:pk>/": {
        "GET": ("login 403 403 403 403 200 404 403 403", "login 403 403 403 403 404 200 403 403"),
        "POST": ("login 403 403 403 403 200 404 403 403", "login 403 403 403 403 404 200 403 403"),
    },
    "accounts/people/<int:pk>/roles/<int:membership_pk>/revoke/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 403 403 403 403 302 404 403 403", "login 403 403 403 403 404 302 403 403"),
    },
    "accounts/people/<int:pk>/password/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 403 403 403 403 200 404 403 403", "login 403 login 403 403 404 200 403 403"),
    },
    # registry
    "registry/search/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "registry/org/": {"GET": "login 200 200 200 200 200 200 200 200", "POST": "login 200 200 200 200 200 200 200 200"},
    "registry/org/<int:pk>/": {
        "GET": ("login 404 404 404 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 404 404 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "registry/households/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "registry/households/new/": {
        "GET": "login 403 403 403 403 200 200 403 403",
        "POST": "login 403 403 403 403 200 200 403 403",
    },
    "registry/households/<int:pk>/": {
        "GET": ("login 200 404 404 200 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 200 404 404 200 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "registry/households/<int:pk>/edit/": {
        "GET": ("login 403 404 404 200 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 403 404 404 200 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "registry/residents/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "registry/residents/new/": {
        "GET": "login 403 403 403 200 200 200 403 403",
        "POST": "login 403 403 403 200 200 200 403 403",
    },
    "registry/residents/validate/": {
        "GET": "login 405 405 405 405 405 405 405 405",
        "POST": "login 403 403 403 404 404 404 403 403",
    },
    "registry/residents/<int:pk>/": {
        "GET": ("login 200 404 404 200 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 200 404 404 200 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "registry/residents/<int:pk>/edit/": {
        "GET": ("login 403 404 404 200 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 403 404 404 200 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "registry/residents/<int:pk>/reveal/<str:field>/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 403 404 404 403 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "registry/residents/<int:pk>/account/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 403 404 404 403 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "registry/grid/": {"GET": "login 200 200 200 200 200 200 200 200", "POST": "login 200 200 200 200 200 200 200 200"},
    "registry/grid/<int:pk>/": {
        "GET": ("login 404 404 404 200 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 404 404 200 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "registry/party/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "registry/party/<int:pk>/": {
        "GET": ("login 404 404 404 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 404 404 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "registry/party/<int:pk>/formalize/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 404 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "registry/partners/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "registry/partners/new/": {
        "GET": "login 403 403 403 403 200 200 403 403",
        "POST": "login 403 403 403 403 200 200 403 403",
    },
    "registry/partners/<int:pk>/": {
        "GET": ("login 404 404 404 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 404 404 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "registry/org/<int:pk>/add/": {
        "GET": ("login 404 404 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 404 404 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "registry/org/<int:pk>/grid/add/": {
        "GET": ("login 404 404 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 404 404 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "registry/org/<int:pk>/tags/": {
        "GET": ("login 404 404 404 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 404 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "registry/org/<int:pk>/party/add/": {
        "GET": ("login 404 404 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 404 404 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "registry/residents/<int:pk>/party/": {
        "GET": ("login 403 404 404 200 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 403 404 404 200 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "registry/residents/<int:pk>/party/identity/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 403 404 404 302 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "registry/import/": {
        "GET": "login 403 403 403 403 200 200 403 403",
        "POST": "login 403 403 403 403 200 200 403 403",
    },
    "registry/import/template.xlsx": {
        "GET": "login 403 403 403 403 200 200 403 403",
        "POST": "login 403 403 403 403 200 200 403 403",
    },
    "registry/import/<int:pk>/": {
        "GET": ("login 404 404 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 404 404 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "registry/import/<int:pk>/retry/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 404 404 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "registry/import/<int:pk>/discard/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 404 404 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "registry/export/residents.xlsx": {
        "GET": "login 403 403 403 403 200 200 200 200",
        "POST": "login 403 403 403 403 200 200 200 200",
    },
    # volunteering
    "volunteering/me/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "volunteering/join/<str:code>/": {
        "GET": ("200 200 302 302 200 200 200 200 200", "200 200 302 302 200 200 200 200 200"),
        "POST": ("200 200 302 302 200 200 200 200 200", "200 200 302 302 200 200 200 200 200"),
    },
    "volunteering/join/<str:code>/thanks/": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
        "POST": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
    },
    "volunteering/join/<str:code>/poster/": {
        "GET": ("login 200 200 200 200 200 200 200 200", "login 200 200 200 200 200 200 200 200"),
        "POST": ("login 200 200 200 200 200 200 200 200", "login 200 200 200 200 200 200 200 200"),
    },
    "volunteering/notice/<str:code>/": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
        "POST": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
    },
    "volunteering/volunteers/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "volunteering/volunteers/new/": {
        "GET": "login 403 403 403 403 200 200 403 403",
        "POST": "login 403 403 403 403 200 200 403 403",
    },
    "volunteering/volunteers/<int:pk>/": {
        "GET": ("login 404 200 200 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 200 200 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "volunteering/volunteers/<int:pk>/photo/": {
        "GET": ("login 404 404 404 404 404 404 404 404", "login 404 404 404 404 404 404 404 404"),
        "POST": ("login 404 404 404 404 404 404 404 404", "login 404 404 404 404 404 404 404 404"),
    },
    "volunteering/volunteers/<int:pk>/decide/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 403 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "volunteering/volunteers/<int:pk>/login/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 403 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "volunteering/volunteers/<int:pk>/login/reset/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 403 404 200 404 403 403", "login 404 login 404 404 404 200 403 403"),
    },
    "volunteering/teams/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "volunteering/teams/new/": {
        "GET": "login 403 403 403 403 200 200 403 403",
        "POST": "login 403 403 403 403 200 200 403 403",
    },
    "volunteering/teams/<int:pk>/": {
        "GET": ("login 404 404 200 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 404 200 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "volunteering/teams/<int:pk>/join/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 403 302 302 403 403 403 403 403", "login 403 404 404 403 403 403 403 403"),
    },
    "volunteering/teams/<int:pk>/leave/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 302 302 404 404 404 404 404", "login 404 404 404 404 404 404 404 404"),
    },
    "volunteering/teams/<int:pk>/women-sub-teams/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 404 403 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "volunteering/teams/<int:pk>/members/<int:membership_pk>/decide/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 404 302 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "volunteering/teams/<int:pk>/members/<int:membership_pk>/leader/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 404 403 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "volunteering/teams/<int:pk>/members/<int:membership_pk>/remove/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 404 403 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "volunteering/records/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "volunteering/records/new/": {
        "GET": "login 403 403 200 403 200 200 403 403",
        "POST": "login 403 403 200 403 200 200 403 403",
    },
    "volunteering/records/batch/": {
        "GET": "login 403 403 200 403 200 200 403 403",
        "POST": "login 403 403 200 403 200 200 403 403",
    },
    "volunteering/records/<int:pk>/": {
        "GET": ("login 404 200 404 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 200 404 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "volunteering/records/<int:pk>/correct/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "volunteering/records/<int:pk>/withdraw/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "volunteering/records/<int:pk>/ask-correction/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 200 404 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "volunteering/corrections/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "volunteering/corrections/<int:pk>/decide/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 404 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "volunteering/leaderboard/": {
        "GET": "login 403 200 200 403 200 200 200 200",
        "POST": "login 403 200 200 403 200 200 200 200",
    },
    "volunteering/certificates/": {
        "GET": "login 403 200 200 403 200 200 200 200",
        "POST": "login 403 200 200 403 200 200 200 200",
    },
    "volunteering/certificates/new/": {
        "GET": "login 403 200 200 403 200 200 403 403",
        "POST": "login 403 200 200 403 200 200 403 403",
    },
    "volunteering/certificates/settings/": {
        "GET": "login 403 403 403 403 200 200 403 403",
        "POST": "login 403 403 403 403 200 200 403 403",
    },
    "volunteering/certificates/<int:pk>/": {
        "GET": ("login 404 200 404 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 200 404 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "volunteering/certificates/<int:pk>/issue/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 404 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "volunteering/certificates/<int:pk>/decline/": {
        "GET": ("login 404 403 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 404 403 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "volunteering/certificates/<int:pk>/revoke/": {
        "GET": ("login 404 403 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 404 403 404 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "volunteering/certificates/<int:pk>/pdf/": {
        "GET": ("login 404 200 404 404 200 404 404 404", "login 404 404 404 404 404 200 404 404"),
        "POST": ("login 404 200 404 404 200 404 404 404", "login 404 404 404 404 404 200 404 404"),
    },
    "volunteering/verify/": {
        "GET": "200 200 200 200 200 200 200 200 200",
        "POST": "200 200 200 200 200 200 200 200 200",
    },
    "volunteering/verify/<str:serial>/": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
        "POST": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
    },
    "volunteering/data/": {
        "GET": "login 403 200 200 403 200 200 200 200",
        "POST": "login 403 403 403 403 200 200 403 403",
    },
    "volunteering/data/template.xlsx": {
        "GET": "login 403 403 403 403 200 200 403 403",
        "POST": "login 403 403 403 403 200 200 403 403",
    },
    "volunteering/data/teams.xlsx": {
        "GET": "login 403 200 200 403 200 200 200 200",
        "POST": "login 403 200 200 403 200 200 200 200",
    },
    "volunteering/data/ledger.xlsx": {
        "GET": "login 403 200 200 403 200 200 200 200",
        "POST": "login 403 200 200 403 200 200 200 200",
    },
    # activities
    "activities/": {"GET": "login 200 200 200 200 200 200 200 200", "POST": "login 200 200 200 200 200 200 200 200"},
    "activities/new/": {
        "GET": "login 403 403 200 403 200 200 403 403",
        "POST": "login 403 403 200 403 200 200 403 403",
    },
    "activities/series/new/": {
        "GET": "login 403 403 200 403 200 200 403 403",
        "POST": "login 403 403 200 403 200 200 403 403",
    },
    "activities/series/<int:pk>/": {
        "GET": ("login 404 200 200 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 200 200 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "activities/upcoming/": {
        "GET": "login 403 200 200 403 403 403 403 403",
        "POST": "login 403 200 200 403 403 403 403 403",
    },
    "activities/mine/": {
        "GET": "login 403 200 200 403 403 403 403 403",
        "POST": "login 403 200 200 403 403 403 403 403",
    },
    "activities/calendar/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "activities/calendar/week/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "activities/<int:pk>/": {
        "GET": ("login 404 200 200 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 200 200 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "activities/<int:pk>/edit/": {
        "GET": ("login 404 403 200 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 404 403 200 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "activities/<int:pk>/cover/": {
        "GET": ("login 404 404 404 404 404 404 404 404", "login 404 404 404 404 404 404 404 404"),
        "POST": ("login 404 404 404 404 404 404 404 404", "login 404 404 404 404 404 404 404 404"),
    },
    "activities/<int:pk>/publish/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 302 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "activities/<int:pk>/cancel/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 400 404 400 404 403 403", "login 404 404 404 404 404 400 403 403"),
    },
    "activities/<int:pk>/sign-up/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 302 302 404 403 404 403 403", "login 404 404 404 404 404 403 403 403"),
    },
    "activities/<int:pk>/sign-up/cancel/": {
        "GET": ("login 404 200 302 404 403 404 403 403", "login 404 404 404 404 404 403 403 403"),
        "POST": ("login 404 302 302 404 403 404 403 403", "login 404 404 404 404 404 403 403 403"),
    },
    "activities/<int:pk>/sign-ups/<int:signup_pk>/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 302 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "activities/<int:pk>/qr.svg": {
        "GET": ("login 404 403 200 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 404 403 200 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "activities/<int:pk>/sheet/": {
        "GET": ("login 404 403 200 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 404 403 200 404 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
    },
    "activities/<int:pk>/scan/<str:token>/": {
        "GET": ("login 404 400 400 404 400 404 400 400", "login 404 404 404 404 404 400 400 400"),
        "POST": ("login 404 400 400 404 400 404 400 400", "login 404 404 404 404 404 400 400 400"),
    },
    "activities/<int:pk>/summary/": {
        "GET": ("login 404 403 200 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 403 200 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "activities/<int:pk>/summary/residents/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 302 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "activities/<int:pk>/summary/publish/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 302 404 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "activities/<int:pk>/summary/photos/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 400 404 400 404 403 403", "login 404 404 404 404 404 400 403 403"),
    },
    "activities/<int:pk>/summary/photos/<int:photo_pk>/": {
        "GET": ("login 404 403 200 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 404 403 200 404 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "activities/<int:pk>/summary/photos/<int:photo_pk>/remove/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 403 302 404 404 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "activities/stories/<int:community_pk>/": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
        "POST": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
    },
    "activities/stories/<int:community_pk>/photos/<int:photo_pk>/": {
        "GET": ("404 404 404 404 404 404 404 404 404", "404 404 404 404 404 404 404 404 404"),
        "POST": ("404 404 404 404 404 404 404 404 404", "404 404 404 404 404 404 404 404 404"),
    },
    # wishes
    "wishes/": {"GET": "login 200 403 403 200 200 200 200 200", "POST": "login 200 403 403 200 200 200 200 200"},
    "wishes/new/": {"GET": "login 200 403 403 200 200 200 403 403", "POST": "login 200 403 403 200 200 200 403 403"},
    "wishes/<int:pk>/": {
        "GET": ("login 200 200 200 200 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
        "POST": ("login 200 200 200 200 200 404 200 200", "login 404 404 404 404 404 200 200 200"),
    },
    "wishes/<int:pk>/approve/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 403 403 403 403 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "wishes/<int:pk>/decline/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 403 403 403 403 400 404 403 403", "login 404 404 404 404 404 400 403 403"),
    },
    "wishes/<int:pk>/withdraw/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 400 403 403 400 400 404 403 403", "login 404 404 404 404 404 400 403 403"),
    },
    "wishes/<int:pk>/confirm/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 302 403 403 302 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "wishes/<int:pk>/story/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 403 403 403 403 302 404 403 403", "login 404 404 404 404 404 302 403 403"),
    },
    "wishes/<int:pk>/photo/<str:which>/": {
        "GET": ("login 404 404 404 404 404 404 404 404", "login 404 404 404 404 404 404 404 404"),
        "POST": ("login 404 404 404 404 404 404 404 404", "login 404 404 404 404 404 404 404 404"),
    },
    "wishes/settings/": {
        "GET": "login 403 403 403 403 200 200 403 403",
        "POST": "login 403 403 403 403 200 200 403 403",
    },
    "wishes/wall/<int:community_pk>/": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
        "POST": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
    },
    "wishes/wall/<int:community_pk>/compound/<int:compound_pk>/": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
        "POST": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
    },
    "wishes/wall/wish/<int:pk>/": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
        "POST": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
    },
    "wishes/<int:pk>/claim/": {
        "GET": ("login 302 302 302 302 302 302 302 302", "login 302 302 302 302 302 302 302 302"),
        "POST": ("login 403 302 302 403 403 403 403 403", "login 403 302 302 403 403 403 403 403"),
    },
    "wishes/claims/<int:claim_pk>/join/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 403 302 302 403 403 403 403 403", "login 403 302 302 403 403 403 403 403"),
    },
    "wishes/claims/<int:claim_pk>/withdraw/": {
        "GET": ("login 404 200 404 404 200 404 404 404", "login 404 404 404 404 404 200 404 404"),
        "POST": ("login 404 400 404 404 400 404 404 404", "login 404 404 404 404 404 400 404 404"),
    },
    "wishes/claims/mine/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "wishes/deliveries/": {
        "GET": "login 403 200 200 403 403 403 403 403",
        "POST": "login 403 200 200 403 403 403 403 403",
    },
    "wishes/<int:pk>/deliver/": {
        "GET": ("login 403 200 200 403 200 404 403 403", "login 404 404 404 404 404 200 403 403"),
        "POST": ("login 403 400 400 403 400 404 403 403", "login 404 404 404 404 404 400 403 403"),
    },
    "wishes/figures/": {
        "GET": "login 403 403 403 403 200 200 200 200",
        "POST": "login 403 403 403 403 200 200 200 200",
    },
    "wishes/ledger.xlsx": {
        "GET": "login 403 403 403 403 200 200 200 200",
        "POST": "login 403 403 403 403 200 200 200 200",
    },
    # notifications
    "notifications/": {"GET": "login 200 200 200 200 200 200 200 200", "POST": "login 200 200 200 200 200 200 200 200"},
    "notifications/unread-count/": {
        "GET": "login 200 200 200 200 200 200 200 200",
        "POST": "login 200 200 200 200 200 200 200 200",
    },
    "notifications/<int:pk>/read/": {
        "GET": ("login 405 405 405 405 405 405 405 405", "login 405 405 405 405 405 405 405 405"),
        "POST": ("login 404 302 404 404 404 404 404 404", "login 404 404 404 404 404 404 404 404"),
    },
    "notifications/read-all/": {
        "GET": "login 405 405 405 405 405 405 405 405",
        "POST": "login 302 302 302 302 302 302 302 302",
    },
    # calendar
    "calendar/": {"GET": "login 200 200 200 200 200 200 200 200", "POST": "login 200 200 200 200 200 200 200 200"},
    "calendar/renew/": {
        "GET": "login 405 405 405 405 405 405 405 405",
        "POST": "login 302 302 302 302 302 302 302 302",
    },
    "calendar/v/<str:token>.ics": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
        "POST": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
    },
    "calendar/community/<int:pk>.ics": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
        "POST": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200"),
    },
    # i18n
    "i18n/setlang/": {"GET": "302 302 302 302 302 302 302 302 302", "POST": "302 302 302 302 302 302 302 302 302"},
    # api
    "api/v1/openapi.json": {
        "GET": "200 200 200 200 200 200 200 200 200",
        "POST": "200 200 200 200 200 200 200 200 200",
    },
    "api/v1/docs": {"GET": "200 200 200 200 200 200 200 200 200", "POST": "200 200 200 200 200 200 200 200 200"},
    "api/v1/": {"GET": "404 404 404 404 404 404 404 404 404", "POST": "404 404 404 404 404 404 404 404 404"},
    "api/docs": {"GET": "302 302 302 302 302 302 302 302 302", "POST": "302 302 302 302 302 302 302 302 302"},
    # django-admin
    "django-admin/": {"GET": "302 302 302 302 302 302 302 302 302", "POST": "302 302 302 302 302 302 302 302 302"},
    "django-admin/login/": {
        "GET": "200 200 200 200 200 200 200 200 200",
        "POST": "200 200 200 200 200 200 200 200 200",
    },
    "django-admin/logout/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/password_change/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/password_change/done/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/autocomplete/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/jsi18n/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/r/<path:content_type_id>/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/auth/group/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/auth/group/add/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/auth/group/<path:object_id>/history/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/auth/group/<path:object_id>/delete/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/auth/group/<path:object_id>/change/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/auth/group/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/django_tasks_database/dbtaskresult/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/django_tasks_database/dbtaskresult/add/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/django_tasks_database/dbtaskresult/<path:object_id>/history/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/django_tasks_database/dbtaskresult/<path:object_id>/delete/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/django_tasks_database/dbtaskresult/<path:object_id>/change/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/django_tasks_database/dbtaskresult/<path:object_id>/": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/^(?P<app_label>auth|django_tasks_database)/$": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
    "django-admin/(?P<url>.*)$": {
        "GET": "302 302 302 302 302 302 302 302 302",
        "POST": "302 302 302 302 302 302 302 302 302",
    },
}

APIS = {
    # registry
    "GET /api/v1/registry/org-units": {"GET": "401 200 200 200 200 200 200 200 200"},
    "GET /api/v1/registry/org-units/{unit_id}": {
        "GET": ("401 404 404 404 404 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "GET /api/v1/registry/grid-units": {"GET": "401 200 200 200 200 200 200 200 200"},
    "GET /api/v1/registry/grid-units/{unit_id}": {
        "GET": ("401 404 404 404 200 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "GET /api/v1/registry/tags": {"GET": "401 200 200 200 200 200 200 200 200"},
    "GET /api/v1/registry/households": {"GET": "401 200 200 200 200 200 200 200 200"},
    "POST /api/v1/registry/households": {"POST": "401 422 422 422 422 422 422 422 422"},
    "GET /api/v1/registry/households/{household_id}": {
        "GET": ("401 200 404 404 200 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "PATCH /api/v1/registry/households/{household_id}": {
        "PATCH": ("401 403 404 404 200 200 404 403 403", "401 404 404 404 404 404 200 403 403")
    },
    "GET /api/v1/registry/residents": {"GET": "401 200 200 200 200 200 200 200 200"},
    "POST /api/v1/registry/residents": {"POST": "401 422 422 422 422 422 422 422 422"},
    "GET /api/v1/registry/residents/{resident_id}": {
        "GET": ("401 200 404 404 200 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "PATCH /api/v1/registry/residents/{resident_id}": {
        "PATCH": ("401 403 404 404 200 200 404 403 403", "401 404 404 404 404 404 200 403 403")
    },
    "POST /api/v1/registry/residents/{resident_id}/reveal": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "GET /api/v1/registry/search": {"GET": "401 422 422 422 422 422 422 422 422"},
    "GET /api/v1/registry/party-orgs": {"GET": "401 200 200 200 200 200 200 200 200"},
    "GET /api/v1/registry/party-orgs/{org_id}": {
        "GET": ("401 404 404 404 404 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "POST /api/v1/registry/party-orgs/{org_id}/formalize": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "GET /api/v1/registry/partner-units": {"GET": "401 200 200 200 200 200 200 200 200"},
    "POST /api/v1/registry/partner-units": {"POST": "401 422 422 422 422 422 422 422 422"},
    "GET /api/v1/registry/partner-units/{unit_id}": {
        "GET": ("401 404 404 404 404 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "POST /api/v1/registry/roster-imports": {"POST": "401 422 422 422 422 422 422 422 422"},
    "GET /api/v1/registry/roster-imports/{import_id}": {
        "GET": ("401 404 404 404 404 200 404 403 403", "401 404 404 404 404 404 200 403 403")
    },
    "POST /api/v1/registry/roster-imports/{import_id}/retry": {
        "POST": ("401 404 404 404 404 422 404 403 403", "401 404 404 404 404 404 422 403 403")
    },
    "POST /api/v1/registry/roster-imports/{import_id}/discard": {
        "POST": ("401 404 404 404 404 422 404 403 403", "401 404 404 404 404 404 422 403 403")
    },
    # volunteering
    "GET /api/v1/volunteering/volunteers": {"GET": "401 200 200 200 200 200 200 200 200"},
    "POST /api/v1/volunteering/volunteers": {"POST": "401 422 422 422 422 422 422 422 422"},
    "POST /api/v1/volunteering/volunteers/sign-up": {"POST": "401 422 422 422 422 422 422 422 422"},
    "GET /api/v1/volunteering/volunteers/{volunteer_id}": {
        "GET": ("401 404 200 200 404 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "POST /api/v1/volunteering/volunteers/{volunteer_id}/approve": {
        "POST": ("401 404 403 403 404 422 404 403 403", "401 404 404 404 404 404 422 403 403")
    },
    "POST /api/v1/volunteering/volunteers/{volunteer_id}/reject": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "POST /api/v1/volunteering/volunteers/{volunteer_id}/login": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "GET /api/v1/volunteering/me": {"GET": "401 404 200 200 404 404 404 404 404"},
    "GET /api/v1/volunteering/teams": {"GET": "401 200 200 200 200 200 200 200 200"},
    "POST /api/v1/volunteering/teams": {"POST": "401 422 422 422 422 422 422 422 422"},
    "GET /api/v1/volunteering/teams/{team_id}": {
        "GET": ("401 404 404 200 404 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "POST /api/v1/volunteering/teams/{team_id}/join-requests": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 404 404 422 422 422 422 422")
    },
    "POST /api/v1/volunteering/teams/{team_id}/join-requests/{membership_id}/decide": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "POST /api/v1/volunteering/teams/{team_id}/leaders": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "GET /api/v1/volunteering/records": {"GET": "401 200 200 200 200 200 200 200 200"},
    "POST /api/v1/volunteering/records": {"POST": "401 422 422 422 422 422 422 422 422"},
    "POST /api/v1/volunteering/records/batch": {"POST": "401 422 422 422 422 422 422 422 422"},
    "GET /api/v1/volunteering/records/{record_id}": {
        "GET": ("401 404 200 404 404 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "POST /api/v1/volunteering/records/{record_id}/corrections": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "POST /api/v1/volunteering/records/{record_id}/withdraw": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "POST /api/v1/volunteering/records/{record_id}/correction-requests": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "GET /api/v1/volunteering/correction-requests": {"GET": "401 200 200 200 200 200 200 200 200"},
    "POST /api/v1/volunteering/correction-requests/{request_id}/decide": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "GET /api/v1/volunteering/certificates": {"GET": "401 200 200 200 200 200 200 200 200"},
    "POST /api/v1/volunteering/certificates": {"POST": "401 422 422 422 422 422 422 422 422"},
    "GET /api/v1/volunteering/certificates/{certificate_id}": {
        "GET": ("401 404 200 404 404 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "POST /api/v1/volunteering/certificates/{certificate_id}/issue": {
        "POST": ("401 404 403 404 404 422 404 403 403", "401 404 404 404 404 404 422 403 403")
    },
    "POST /api/v1/volunteering/certificates/{certificate_id}/decline": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "POST /api/v1/volunteering/certificates/{certificate_id}/revoke": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "GET /api/v1/volunteering/verify/{serial}": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200")
    },
    "GET /api/v1/volunteering/leaderboard": {"GET": "401 403 200 200 403 200 200 200 200"},
    # activities
    "POST /api/v1/activities/series": {"POST": "401 422 422 422 422 422 422 422 422"},
    "GET /api/v1/activities/series/{series_id}": {
        "GET": ("401 404 200 200 404 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "GET /api/v1/activities/": {"GET": "401 200 200 200 200 200 200 200 200"},
    "POST /api/v1/activities/": {"POST": "401 422 422 422 422 422 422 422 422"},
    "GET /api/v1/activities/{activity_id}": {
        "GET": ("401 404 200 200 404 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "PATCH /api/v1/activities/{activity_id}": {
        "PATCH": ("401 404 403 200 404 200 404 403 403", "401 404 404 404 404 404 200 403 403")
    },
    "POST /api/v1/activities/{activity_id}/publish": {
        "POST": ("401 404 403 422 404 422 404 403 403", "401 404 404 404 404 404 422 403 403")
    },
    "POST /api/v1/activities/{activity_id}/cancel": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "GET /api/v1/activities/{activity_id}/checkin-token": {
        "GET": ("401 404 403 200 404 200 404 403 403", "401 404 404 404 404 404 200 403 403")
    },
    "POST /api/v1/activities/{activity_id}/beneficiaries": {
        "POST": ("401 404 403 200 404 200 404 403 403", "401 404 404 404 404 404 200 403 403")
    },
    "GET /api/v1/activities/{activity_id}/signups": {
        "GET": ("401 404 403 200 404 200 404 403 403", "401 404 404 404 404 404 200 403 403")
    },
    "POST /api/v1/activities/{activity_id}/signups": {
        "POST": ("401 404 422 201 404 422 404 422 422", "401 404 404 404 404 404 422 422 422")
    },
    "POST /api/v1/activities/{activity_id}/signups/{signup_id}/cancel": {
        "POST": ("401 404 200 422 404 422 404 403 403", "401 404 404 404 404 404 200 403 403")
    },
    "POST /api/v1/activities/{activity_id}/signups/{signup_id}/decide": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "POST /api/v1/activities/{activity_id}/check-in": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "POST /api/v1/activities/{activity_id}/check-out": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "POST /api/v1/activities/{activity_id}/signups/{signup_id}/check-in": {
        "POST": ("401 404 403 422 404 422 404 403 403", "401 404 404 404 404 404 422 403 403")
    },
    "POST /api/v1/activities/{activity_id}/signups/{signup_id}/check-out": {
        "POST": ("401 404 403 422 404 422 404 403 403", "401 404 404 404 404 404 422 403 403")
    },
    "POST /api/v1/activities/{activity_id}/signups/{signup_id}/no-show": {
        "POST": ("401 404 403 422 404 422 404 403 403", "401 404 404 404 404 404 422 403 403")
    },
    "GET /api/v1/activities/{activity_id}/cover": {
        "GET": ("401 404 404 404 404 404 404 404 404", "401 404 404 404 404 404 404 404 404")
    },
    "POST /api/v1/activities/{activity_id}/cover": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "DELETE /api/v1/activities/{activity_id}/cover": {
        "DELETE": ("401 404 403 200 404 200 404 403 403", "401 404 404 404 404 404 200 403 403")
    },
    "GET /api/v1/activities/{activity_id}/photos": {
        "GET": ("401 404 403 200 404 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "POST /api/v1/activities/{activity_id}/photos": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "GET /api/v1/activities/{activity_id}/photos/{photo_id}": {
        "GET": ("401 404 403 200 404 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "DELETE /api/v1/activities/{activity_id}/photos/{photo_id}": {
        "DELETE": ("401 404 403 204 404 404 404 403 403", "401 404 404 404 404 404 204 403 403")
    },
    # wishes
    "GET /api/v1/wishes/figures/": {"GET": "401 403 403 403 403 200 200 200 200"},
    "GET /api/v1/wishes/figures/ledger.xlsx": {"GET": "401 403 403 403 403 200 200 200 200"},
    "GET /api/v1/wishes/": {"GET": "401 200 200 200 200 200 200 200 200"},
    "POST /api/v1/wishes/": {"POST": "401 422 422 422 422 422 422 422 422"},
    "GET /api/v1/wishes/{wish_id}": {
        "GET": ("401 200 200 200 200 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "POST /api/v1/wishes/{wish_id}/approve": {
        "POST": ("401 403 403 403 403 422 404 403 403", "401 404 404 404 404 404 422 403 403")
    },
    "POST /api/v1/wishes/{wish_id}/decline": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "POST /api/v1/wishes/{wish_id}/withdraw": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "POST /api/v1/wishes/{wish_id}/confirm": {
        "POST": ("401 422 403 403 422 422 404 403 403", "401 404 404 404 404 404 422 403 403")
    },
    "POST /api/v1/wishes/{wish_id}/story": {
        "POST": ("401 403 403 403 403 422 404 403 403", "401 404 404 404 404 404 422 403 403")
    },
    "GET /api/v1/wishes/{wish_id}/photo": {
        "GET": ("401 404 404 404 404 404 404 404 404", "401 404 404 404 404 404 404 404 404")
    },
    "POST /api/v1/wishes/{wish_id}/claim": {
        "POST": ("401 403 409 409 403 403 403 403 403", "401 403 409 409 403 403 403 403 403")
    },
    "GET /api/v1/wishes/claims/mine": {"GET": "401 200 200 200 200 200 200 200 200"},
    "GET /api/v1/wishes/claims/identities": {"GET": "401 200 200 200 200 200 200 200 200"},
    "POST /api/v1/wishes/claims/{claim_id}/join": {
        "POST": ("401 422 422 404 422 422 404 422 422", "401 404 404 404 404 404 422 422 422")
    },
    "POST /api/v1/wishes/claims/{claim_id}/withdraw": {
        "POST": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "GET /api/v1/wishes/deliveries": {"GET": "401 200 200 200 200 200 200 200 200"},
    "GET /api/v1/wishes/{wish_id}/address": {
        "GET": ("401 403 200 200 403 200 404 403 403", "401 404 404 404 404 404 200 403 403")
    },
    "POST /api/v1/wishes/{wish_id}/delivery": {
        "POST": ("401 403 200 404 403 422 404 403 403", "401 404 404 404 404 404 200 403 403")
    },
    "GET /api/v1/wishes/{wish_id}/delivery/photo": {
        "GET": ("401 404 404 404 404 404 404 404 404", "401 404 404 404 404 404 404 404 404")
    },
    "GET /api/v1/wishes/settings/{community_id}": {
        "GET": ("401 200 404 404 200 200 404 200 200", "401 404 404 404 404 404 200 200 200")
    },
    "PUT /api/v1/wishes/settings/{community_id}": {
        "PUT": ("401 422 422 422 422 422 422 422 422", "401 422 422 422 422 422 422 422 422")
    },
    "GET /api/v1/wishes/wall/{community_id}": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200")
    },
    "GET /api/v1/wishes/wall/{community_id}/compounds": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200")
    },
    "GET /api/v1/wishes/wall/{community_id}/stories": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200")
    },
    "GET /api/v1/wishes/wall/county/{county_id}": {
        "GET": ("200 200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200 200")
    },
    "GET /api/v1/wishes/wall/wishes/{wish_id}": {
        "GET": ("404 404 404 404 404 404 404 404 404", "404 404 404 404 404 404 404 404 404")
    },
}
