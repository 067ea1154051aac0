from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("upphandling/<int:pk>/", views.procurement_overview, name="procurement"),
    path("upphandling/<int:pk>/krav/", views.requirement_list, name="requirement_list"),
    path("upphandling/<int:pk>/krav/nytt/", views.requirement_create, name="requirement_create"),
    path("upphandling/<int:pk>/insikter/", views.insight_list, name="insight_list"),
    path("upphandling/<int:pk>/omraden/nytt/", views.area_create, name="area_create"),
    path("krav/<int:pk>/", views.requirement_detail, name="requirement"),
    path("krav/<int:pk>/redigera/", views.requirement_edit, name="requirement_edit"),
    path("krav/<int:pk>/status/<slug:action>/", views.requirement_status, name="requirement_status"),
    path("krav/<int:pk>/historik/", views.requirement_history, name="requirement_history"),
    path("krav/<int:pk>/jamfor/", views.requirement_compare, name="requirement_compare"),
    path(
        "krav/<int:pk>/aterstall/<int:version_pk>/",
        views.requirement_restore,
        name="requirement_restore",
    ),
    path("insikt/<int:pk>/", views.insight_detail, name="insight"),
]
