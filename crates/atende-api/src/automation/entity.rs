//! The automation tables.

pub mod rule {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "automation_rules")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        pub position: i32,
        pub enabled: bool,
        /// The [`atende_core::automation::RuleDefinition`] as JSON.
        pub definition: String,
        /// JSON array of the consultancies whose tickets the rule acts on;
        /// empty for an installation-wide rule.
        pub consultancy_ids: String,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod firing {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "automation_firings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub rule_id: Uuid,
        pub ticket_id: Uuid,
        /// Time rules: the moment that came (one firing per moment).
        pub deadline: Option<DateTimeUtc>,
        /// `fired`, `loop_limit` or `error`.
        pub outcome: String,
        /// The timeline entry's data (JSON), or the error.
        pub detail: String,
        pub fired_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
