from django.urls import path

from .views import editions, inbox, review
from .views import requirements as views

urlpatterns = [
    path("", views.home, name="home"),
    path("upphandling/<int:pk>/", views.procurement_overview, name="procurement"),
    path("upphandling/<int:pk>/krav/", views.requirement_list, name="requirement_list"),
    path("upphandling/<int:pk>/krav/nytt/", views.requirement_create, name="requirement_create"),
    path("upphandling/<int:pk>/insikter/", views.insight_list, name="insight_list"),
    path("upphandling/<int:pk>/omraden/nytt/", views.area_create, name="area_create"),
    path("upphandling/<int:pk>/beslutslogg/", review.decision_log, name="decision_log"),
    path("upphandling/<int:pk>/beslutsregel/", review.decision_rule, name="decision_rule"),
    path("upphandling/<int:pk>/att-granska/", inbox.to_review, name="to_review"),
    path("upphandling/<int:pk>/nytt-sedan-senast/", inbox.news, name="news"),
    path("upphandling/<int:pk>/utgavor/", editions.edition_list, name="edition_list"),
    path("upphandling/<int:pk>/utgavor/frys/", editions.edition_freeze, name="edition_freeze"),
    path("upphandling/<int:pk>/utkast.pdf", editions.preview_pdf, name="preview_pdf"),
    path("utgava/<int:pk>/kravspecifikation.pdf", editions.edition_pdf, name="edition_pdf"),
    path("utgava/<int:pk>/svarsmall.xlsx", editions.edition_response_form, name="edition_response_form"),
    path("krav/<int:pk>/", review.requirement_detail, name="requirement"),
    path("krav/<int:pk>/redigera/", views.requirement_edit, name="requirement_edit"),
    path("krav/<int:pk>/status/<slug:action>/", views.requirement_status, name="requirement_status"),
    path("krav/<int:pk>/historik/", views.requirement_history, name="requirement_history"),
    path("krav/<int:pk>/jamfor/", views.requirement_compare, name="requirement_compare"),
    path("krav/<int:pk>/aterstall/<int:version_pk>/", views.requirement_restore, name="requirement_restore"),
    path("krav/<int:pk>/kommentera/", review.comment_create, name="comment_create"),
    path("krav/<int:pk>/rosta/", review.vote, name="vote"),
    path("krav/<int:pk>/besluta/", review.decide, name="decide"),
    path("krav/<int:pk>/forslag/anta/", review.proposal_decide, {"adopt": True}, name="proposal_adopt"),
    path("krav/<int:pk>/forslag/avboj/", review.proposal_decide, {"adopt": False}, name="proposal_decline"),
    path("kommentar/<int:pk>/svara/", review.comment_reply, name="comment_reply"),
    path("kommentar/<int:pk>/los/", review.comment_resolve, {"resolved": True}, name="comment_resolve"),
    path("kommentar/<int:pk>/ateroppna/", review.comment_resolve, {"resolved": False}, name="comment_reopen"),
    path("kommentar/<int:pk>/anta/", review.suggestion_decide, {"adopt": True}, name="suggestion_adopt"),
    path("kommentar/<int:pk>/avboj/", review.suggestion_decide, {"adopt": False}, name="suggestion_decline"),
    path("insikt/<int:pk>/", views.insight_detail, name="insight"),
]
