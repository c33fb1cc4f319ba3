from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("health/", include("binhdang.ops.urls")),
    path("audit/", include("binhdang.ops.audit_urls")),
    path("accounts/", include("binhdang.accounts.urls")),
    path("units/", include("binhdang.orgunits.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("config.api_urls")),
    path("plans/", include("binhdang.plans.urls")),
    path("reports/", include("binhdang.reporting.urls")),
    path("exports/", include("binhdang.exports.urls")),
    path("indicators/", include("binhdang.indicators.urls")),
    path("documents/", include("binhdang.documents.urls")),
    path("", include("binhdang.home.urls")),
]
# Uploaded files (evidence, attachments) are never served by URL: each app streams them
# through an access-checked view.
