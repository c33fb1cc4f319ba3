from django.urls import include, path

urlpatterns = [
    path("", include("binhdang.orgunits.api_urls")),
]
