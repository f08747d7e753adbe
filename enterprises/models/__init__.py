from .enterprise import Enterprise, EnterpriseStatus, Industry, ProductRisk
from .notification import Notification
from .outbox import GradeRecomputeRequest
from .records import (
    RECORD_MODELS,
    Complaint,
    ComplaintStatus,
    CreditRecord,
    DefectSeverity,
    HonourKind,
    HonourRecord,
    InspectionKind,
    InspectionLevel,
    InspectionRecord,
    InspectionResult,
    LicenceRecord,
    LicenceStatus,
    PenaltyKind,
    PenaltyProcedure,
    PenaltyRecord,
    PenaltySector,
)
from .region import Region, RegionLevel
from .search_terms import NameBigram, SearchDocument
from .self_service import IntegrityCommitment, QualityReport, ReportStatus

__all__ = [
    "RECORD_MODELS",
    "Complaint",
    "ComplaintStatus",
    "CreditRecord",
    "DefectSeverity",
    "Enterprise",
    "EnterpriseStatus",
    "GradeRecomputeRequest",
    "HonourKind",
    "HonourRecord",
    "Industry",
    "InspectionKind",
    "InspectionLevel",
    "InspectionRecord",
    "InspectionResult",
    "IntegrityCommitment",
    "LicenceRecord",
    "LicenceStatus",
    "NameBigram",
    "Notification",
    "PenaltyKind",
    "PenaltyProcedure",
    "PenaltyRecord",
    "PenaltySector",
    "ProductRisk",
    "QualityReport",
    "Region",
    "RegionLevel",
    "ReportStatus",
    "SearchDocument",
]
