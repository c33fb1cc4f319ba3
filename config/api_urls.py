from django.urls import include, path

urlpatterns = [
    path("", include("binhdang.orgunits.api_urls")),
    path("", include("binhdang.plans.api_urls")),
    path("", include("binhdang.reporting.api_urls")),
    path("", include("binhdang.exports.api_urls")),
    path("", include("binhdang.indicators.api_urls")),
    path("", include("binhdang.search.api_urls")),
]
