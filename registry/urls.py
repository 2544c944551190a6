from django.urls import path

from registry import import_views, manage_views, views

app_name = "registry"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("org/", views.org_tree, name="org-tree"),
    path("org/<int:pk>/", views.org_unit_detail, name="org-unit-detail"),
    path("households/", views.household_list, name="household-list"),
    path("households/new/", views.household_create, name="household-create"),
    path("households/<int:pk>/", views.household_detail, name="household-detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household-edit"),
    path("residents/", views.resident_list, name="resident-list"),
    path("residents/new/", views.resident_create, name="resident-create"),
    path("residents/validate/", views.resident_validate, name="resident-validate"),
    path("residents/<int:pk>/", views.resident_detail, name="resident-detail"),
    path("residents/<int:pk>/edit/", views.resident_edit, name="resident-edit"),
    path("residents/<int:pk>/reveal/<str:field>/", views.resident_reveal, name="resident-reveal"),
    path("residents/<int:pk>/account/", views.resident_account, name="resident-account"),
    path("grid/", views.grid, name="grid"),
    path("grid/<int:pk>/", views.grid_unit_detail, name="grid-unit-detail"),
    path("party/", views.party_list, name="party-list"),
    path("party/<int:pk>/", views.party_org_detail, name="party-org-detail"),
    path("party/<int:pk>/formalize/", views.party_org_formalize, name="party-org-formalize"),
    path("partners/", views.partner_list, name="partner-list"),
    path("partners/new/", views.partner_create, name="partner-create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner-detail"),
    path("org/<int:pk>/add/", manage_views.org_unit_add_child, name="org-unit-add"),
    path("org/<int:pk>/grid/add/", manage_views.grid_unit_add, name="grid-unit-add"),
    path("org/<int:pk>/tags/", manage_views.tag_list, name="tag-list"),
    path("org/<int:pk>/party/add/", manage_views.party_org_add, name="party-org-add"),
    path("residents/<int:pk>/party/", manage_views.party_member_add, name="party-member-add"),
    path("residents/<int:pk>/party/identity/", manage_views.party_identity_toggle, name="party-identity"),
    path("import/", import_views.import_start, name="import-start"),
    path("import/template.xlsx", import_views.import_template, name="import-template"),
    path("import/<int:pk>/", import_views.import_detail, name="import-detail"),
    path("export/residents.xlsx", import_views.export_residents, name="export-residents"),
]
