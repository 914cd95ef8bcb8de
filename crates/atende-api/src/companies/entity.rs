//! The `companies` table: consultancies (the spec's "Grupo") and their client
//! companies, a tree of depth two.

use sea_orm::entity::prelude::*;

/// Whether a company is a consultancy or one of its clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
pub enum CompanyKind {
    /// Consultoria / Grupo: serves client companies.
    #[sea_orm(string_value = "consultancy")]
    Consultancy,
    /// Empresa / Cliente final: belongs to one consultancy.
    #[sea_orm(string_value = "client")]
    Client,
}

impl CompanyKind {
    /// The API name.
    pub fn as_str(self) -> &'static str {
        match self {
            CompanyKind::Consultancy => "consultancy",
            CompanyKind::Client => "client",
        }
    }

    /// Parses an API name.
    pub fn parse(name: &str) -> Option<CompanyKind> {
        match name {
            "consultancy" => Some(CompanyKind::Consultancy),
            "client" => Some(CompanyKind::Client),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "companies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: CompanyKind,
    /// Set exactly when `kind` is `client` (a CHECK constraint holds it).
    pub consultancy_id: Option<Uuid>,
    /// Razão social.
    pub legal_name: String,
    /// Nome fantasia.
    pub trade_name: Option<String>,
    /// Normalized: 14 characters, no punctuation (see `atende_core::cnpj`).
    #[sea_orm(unique)]
    pub cnpj: String,
    pub segment_id: Option<Uuid>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::ConsultancyId",
        to = "Column::Id",
        on_delete = "Restrict"
    )]
    Consultancy,
    #[sea_orm(
        belongs_to = "super::segment::Entity",
        from = "Column::SegmentId",
        to = "super::segment::Column::Id",
        on_delete = "SetNull"
    )]
    Segment,
}

impl Related<super::segment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Segment.def()
    }
}

impl Related<crate::identity::user::Entity> for Entity {
    fn to() -> RelationDef {
        crate::identity::user_company::Relation::User.def()
    }

    fn via() -> Option<RelationDef> {
        Some(crate::identity::user_company::Relation::Company.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
