"""The workbench's data. Rules that must hold whatever the entry point (UI,
admin, import) live in the models as constraints and domain methods; state
changes that need a transaction live in `drafting.py` and `decisions.py`."""

from .core import Area, ContractingAuthority, Insight, Membership, Procurement, Workshop
from .requirement import NUMBER_RE, Requirement
from .document import Definition, DocumentSection
from .edition import Edition, EditionDocument, EditionItem, EditionSignature
from .evaluation import EvaluationModel
from .importing import ImportUpload
from .notification import Notification
from .review import Comment, Decision, Vote
from .search import SearchEntry
from .catalogue import CatalogueEntry, Citation
from .quality import Dismissal, RuleTerm, StoredReport
from .tender_period import AnswerBatch, DeadlineExtension, Question
from .declaration import InterestDeclaration
from .price import PriceComponent
from .tenders import (AwardDecision, Clarification, Demonstration, EvaluationRun, ExaminationMark, IndividualReport,
                      Tender, TenderAccess, TenderOpening)

__all__ = [
    "AnswerBatch", "Area", "AwardDecision", "Clarification", "Demonstration", "EvaluationRun", "ExaminationMark", "IndividualReport", "Tender", "TenderAccess", "TenderOpening", "CatalogueEntry", "Citation", "Comment", "ContractingAuthority", "Decision", "DeadlineExtension", "Definition", "Dismissal", "DocumentSection", "Edition", "EditionDocument", "EditionItem", "EditionSignature", "EvaluationModel", "ImportUpload", "InterestDeclaration", "Insight", "Membership", "NUMBER_RE", "Notification", "PriceComponent", "Procurement", "Question", "Requirement", "RuleTerm", "SearchEntry", "StoredReport", "Vote",
    "Workshop",
]
