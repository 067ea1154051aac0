from django.urls import path, register_converter

from .ids import IdConverter

from .views import document, editions, evaluation, inbox, insights, overview, review, search, spreadsheets, standards
from .views import requirements as views

register_converter(IdConverter, "id")

urlpatterns = [
    path("", overview.home, name="home"),
    path("upphandling/<id:pk>/", overview.procurement_overview, name="procurement"),
    path("upphandling/<id:pk>/krav/", views.requirement_list, name="requirement_list"),
    path("upphandling/<id:pk>/krav/nytt/", views.requirement_create, name="requirement_create"),
    path("upphandling/<id:pk>/krav/status/", views.requirement_bulk_status, name="requirement_bulk_status"),
    path("upphandling/<id:pk>/krav/export.<slug:file_format>", spreadsheets.requirement_export, name="requirement_export"),
    path("upphandling/<id:pk>/krav/import/", spreadsheets.requirement_import, name="requirement_import"),
    path(
        "upphandling/<id:pk>/krav/import/<id:upload_pk>/",
        spreadsheets.requirement_import_confirm,
        name="requirement_import_confirm",
    ),
    path("upphandling/<id:pk>/sok/", search.search_results, name="search"),
    path("upphandling/<id:pk>/standarder/", standards.standards, name="standards"),
    path("upphandling/<id:pk>/utvardering/", evaluation.evaluation_model, name="evaluation_model"),
    path("upphandling/<id:pk>/insikter/", insights.insight_list, name="insight_list"),
    path("upphandling/<id:pk>/insikter/export.<slug:file_format>", spreadsheets.insight_export, name="insight_export"),
    path("upphandling/<id:pk>/omraden/nytt/", insights.area_create, name="area_create"),
    path("upphandling/<id:pk>/beslutslogg/", review.decision_log, name="decision_log"),
    path("upphandling/<id:pk>/beslutsregel/", review.decision_rule, name="decision_rule"),
    path("upphandling/<id:pk>/att-granska/", inbox.to_review, name="to_review"),
    path("upphandling/<id:pk>/nytt-sedan-senast/", inbox.news, name="news"),
    path("upphandling/<id:pk>/aviseringar/", inbox.notification_list, name="notification_list"),
    path("upphandling/<id:pk>/dokument/", document.document, name="document"),
    path("upphandling/<id:pk>/dokument/<slug:kind>/", document.section_edit, name="section_edit"),
    path("upphandling/<id:pk>/definitioner/ny/", document.definition_edit, name="definition_create"),
    path("upphandling/<id:pk>/definitioner/<id:definition_pk>/", document.definition_edit, name="definition_edit"),
    path(
        "upphandling/<id:pk>/definitioner/<id:definition_pk>/ta-bort/", document.definition_delete,
        name="definition_delete",
    ),
    path("upphandling/<id:pk>/utgavor/", editions.edition_list, name="edition_list"),
    path("upphandling/<id:pk>/utgavor/frys/", editions.edition_freeze, name="edition_freeze"),
    path("upphandling/<id:pk>/utkast.pdf", editions.preview_pdf, name="preview_pdf"),
    path("utgava/<id:pk>/kravspecifikation.pdf", editions.edition_pdf, name="edition_pdf"),
    path("utgava/<id:pk>/kravspecifikation.html", editions.edition_html, name="edition_html"),
    path("utgava/<id:pk>/beslutsunderlag.pdf", editions.edition_record, name="edition_record"),
    path("utgava/<id:pk>/svarsmall.xlsx", editions.edition_response_form, name="edition_response_form"),
    path("krav/<id:pk>/", review.requirement_detail, name="requirement"),
    path("krav/<id:pk>/redigera/", views.requirement_edit, name="requirement_edit"),
    path("krav/<id:pk>/status/<slug:action>/", views.requirement_status, name="requirement_status"),
    path("krav/<id:pk>/historik/", views.requirement_history, name="requirement_history"),
    path("krav/<id:pk>/jamfor/", views.requirement_compare, name="requirement_compare"),
    path("krav/<id:pk>/aterstall/<id:version_pk>/", views.requirement_restore, name="requirement_restore"),
    path("krav/<id:pk>/kommentera/", review.comment_create, name="comment_create"),
    path("krav/<id:pk>/rosta/", review.vote, name="vote"),
    path("krav/<id:pk>/besluta/", review.decide, name="decide"),
    path("krav/<id:pk>/granskning/avfarda/", review.finding_dismiss, name="finding_dismiss"),
    path("granskning/<slug:code>/", review.review_rule, name="review_rule"),
    path("krav/<id:pk>/forslag/anta/", review.proposal_decide, {"adopt": True}, name="proposal_adopt"),
    path("krav/<id:pk>/forslag/avboj/", review.proposal_decide, {"adopt": False}, name="proposal_decline"),
    path("kommentar/<id:pk>/svara/", review.comment_reply, name="comment_reply"),
    path("kommentar/<id:pk>/los/", review.comment_resolve, {"resolved": True}, name="comment_resolve"),
    path("kommentar/<id:pk>/ateroppna/", review.comment_resolve, {"resolved": False}, name="comment_reopen"),
    path("kommentar/<id:pk>/avboj/", review.suggestion_decline, name="suggestion_decline"),
    path("insikt/<id:pk>/", insights.insight_detail, name="insight"),
]
