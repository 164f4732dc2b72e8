"""SQLAlchemy models: one schema for SQLite and PostgreSQL, migrated by Alembic."""

from dashboard.models.accounts import ROLES, AuditEvent, DemoTruth, User, UserSession
from dashboard.models.auth_state import SigninThrottle, TotpStep
from dashboard.models.base import Base
from dashboard.models.data_version import DataVersion
from dashboard.models.decisions import (
    DECISION_STATUSES,
    FINDING_KINDS,
    MEASURE_LEVELS,
    Decision,
    DecisionEvent,
    DecisionMatrixEntry,
    EffectivenessTarget,
)
from dashboard.models.experts import (
    Expert,
    ExpertDirection,
    ExpertEngagement,
    ExpertiseDirection,
    ExpertTraining,
    Material,
    MaterialAuthor,
    NormativeDocument,
    Publication,
    QualificationAttempt,
)
from dashboard.models.geography import (
    ContextValue,
    Indicator,
    Municipality,
    Region,
    RegionNorm,
    School,
)
from dashboard.models.imports import IMPORT_OUTCOMES, ImportRun
from dashboard.models.plans import (
    PdProgramme,
    Roadmap,
    RoadmapEvidence,
    RoadmapItem,
    RoadmapItemLink,
    RoadmapStatusChange,
)
from dashboard.models.results import (
    PROCEDURE_KINDS,
    Procedure,
    ProcedureTask,
    PupilResult,
    SchoolResult,
    SkillResult,
)
from dashboard.models.reviews import BIAS_REVIEW_STATUSES, BiasReview, KpiTarget
from dashboard.models.summaries import (
    DerivedResult,
    SchoolMarkAgreement,
    SchoolPupilSummary,
    SchoolScoreCount,
)

__all__ = [
    "PROCEDURE_KINDS",
    "ROLES",
    "AuditEvent",
    "Base",
    "ContextValue",
    "DECISION_STATUSES",
    "FINDING_KINDS",
    "MEASURE_LEVELS",
    "Decision",
    "DecisionEvent",
    "DecisionMatrixEntry",
    "EffectivenessTarget",
    "DataVersion",
    "DemoTruth",
    "DerivedResult",
    "Expert",
    "ExpertDirection",
    "ExpertEngagement",
    "ExpertTraining",
    "ExpertiseDirection",
    "Indicator",
    "Material",
    "MaterialAuthor",
    "Municipality",
    "NormativeDocument",
    "PdProgramme",
    "Procedure",
    "ProcedureTask",
    "Publication",
    "PupilResult",
    "QualificationAttempt",
    "Region",
    "RegionNorm",
    "Roadmap",
    "RoadmapItem",
    "RoadmapStatusChange",
    "School",
    "SigninThrottle",
    "SchoolResult",
    "SkillResult",
    "TotpStep",
    "User",
    "UserSession",
    "IMPORT_OUTCOMES",
    "ImportRun",
    "BIAS_REVIEW_STATUSES",
    "BiasReview",
    "KpiTarget",
    "RoadmapEvidence",
    "RoadmapItemLink",
    "SchoolMarkAgreement",
    "SchoolPupilSummary",
    "SchoolScoreCount",
]
