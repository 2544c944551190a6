"""The volunteering URLs, gathered from the modules that own them."""

from volunteering import urls_certificates, urls_data, urls_pages

app_name = "volunteering"
urlpatterns = [*urls_pages.urlpatterns, *urls_certificates.urlpatterns, *urls_data.urlpatterns]
