from django.urls import path

from wishes import figures_views, views, wall_views

app_name = "wishes"

urlpatterns = [
    # Staff, grid workers and residents: wishes by area (views.py).
    path("", views.wish_list, name="wish-list"),
    path("new/", views.wish_create, name="wish-create"),
    path("<int:pk>/", views.wish_detail, name="wish-detail"),
    path("<int:pk>/approve/", views.wish_approve, name="wish-approve"),
    path("<int:pk>/decline/", views.wish_decline, name="wish-decline"),
    path("<int:pk>/withdraw/", views.wish_withdraw, name="wish-withdraw"),
    path("<int:pk>/confirm/", views.wish_confirm, name="wish-confirm"),
    path("<int:pk>/story/", views.wish_story, name="wish-story"),
    path("<int:pk>/photo/<str:which>/", views.wish_photo, name="wish-photo"),
    path("settings/", views.wish_settings, name="wish-settings"),
    # The public wall and claimants (wall_views.py).
    path("wall/<int:community_pk>/", wall_views.wall, name="wall"),
    path("wall/<int:community_pk>/compound/<int:compound_pk>/", wall_views.wall, name="wall-compound"),
    path("wall/wish/<int:pk>/", wall_views.wall_wish, name="wall-wish"),
    path("<int:pk>/claim/", wall_views.wish_claim, name="wish-claim"),
    path("claims/<int:claim_pk>/join/", wall_views.claim_join, name="claim-join"),
    path("claims/<int:claim_pk>/withdraw/", wall_views.claim_withdraw, name="claim-withdraw"),
    path("claims/mine/", wall_views.my_claims, name="my-claims"),
    path("deliveries/", wall_views.deliveries, name="deliveries"),
    path("<int:pk>/deliver/", wall_views.wish_deliver, name="wish-deliver"),
    # Figures and the ledger (figures_views.py).
    path("figures/", figures_views.figures, name="figures"),
    path("ledger.xlsx", figures_views.ledger_export, name="ledger-export"),
]
