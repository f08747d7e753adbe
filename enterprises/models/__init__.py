from .audit import AuditEntry
from .enterprise import CreditFileSummary, Enterprise, EnterpriseStatus, Industry, ProductRisk
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

__all__ = [
    "AuditEntry",
    "Complaint",
    "ComplaintStatus",
    "CreditFileSummary",
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
    "LicenceRecord",
    "LicenceStatus",
    "PenaltyKind",
    "PenaltyProcedure",
    "PenaltyRecord",
    "ProductRisk",
    "Region",
    "RegionLevel",
]
