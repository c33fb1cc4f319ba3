from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from binhdang.demo.views import demo_clock_switch
from binhdang.exports import views_consolidation
from binhdang.indicators.views_asis import as_is
from binhdang.orgunits import urls as orgunit_urls
from binhdang.plans.views_handover import handover
from binhdang.reporting import urls as reporting_urls

# The unit pages, with the two that compose a unit with the apps above orgunits (the layers
# let orgunits import neither indicators nor plans).
# The reports pages, with the consolidation page, which builds the report document (exports).
reporting_patterns = [
    *reporting_urls.urlpatterns,
    path("consolidation/", views_consolidation.consolidation_page, name="consolidation"),
    path("consolidation/save/", views_consolidation.consolidation_save, name="consolidation-save"),
    path("consolidation/download/", views_consolidation.consolidation_download,
         name="consolidation-download"),
]
unit_patterns = [
    *orgunit_urls.urlpatterns,
    path("<int:pk>/as-is/", as_is, name="as_is"),
    path("<int:pk>/handover/", handover, name="handover"),
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("demo/clock/", demo_clock_switch, name="demo-clock"),
    path("health/", include("binhdang.ops.urls")),
    path("audit/", include("binhdang.ops.audit_urls")),
    path("accounts/", include("binhdang.accounts.urls")),
    path("units/", include((unit_patterns, orgunit_urls.app_name))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script from a URL: no inline script (decision 0332).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("config.api_urls")),
    path("plans/", include("binhdang.plans.urls")),
    path("reports/", include((reporting_patterns, reporting_urls.app_name))),
    path("exports/", include("binhdang.exports.urls")),
    path("indicators/", include("binhdang.indicators.urls")),
    path("documents/", include("binhdang.documents.urls")),
    path("public/", include("binhdang.public.urls")),
    path("search/", include("binhdang.search.urls")),
    path("", include("binhdang.home.urls")),
]
# Uploaded files (evidence, attachments) are never served by URL: each app streams them
# through an access-checked view.
