from .audit import AuditEntry
from .enterprise import Enterprise, EnterpriseStatus, Industry, ProductRisk
from .records import (
    Complaint,
    ComplaintStatus,
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
)
from .region import Region, RegionLevel
from .self_service import IntegrityCommitment, QualityReport, ReportStatus

__all__ = [
    "AuditEntry",
    "Complaint",
    "ComplaintStatus",
    "DefectSeverity",
    "Enterprise",
    "EnterpriseStatus",
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
    "PenaltyKind",
    "PenaltyProcedure",
    "PenaltyRecord",
    "ProductRisk",
    "QualityReport",
    "Region",
    "RegionLevel",
    "ReportStatus",
]
