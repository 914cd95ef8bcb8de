//! The SLA tables.

pub mod calendar {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "business_calendars")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        pub time_zone: String,
        /// `WeeklyHours` as JSON.
        pub week: String,
        /// `Holidays` as JSON.
        pub holidays: String,
        pub is_default: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod policy {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sla_policies")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub position: i32,
        pub name: String,
        /// `Conditions` as JSON.
        pub conditions: String,
        pub calendar_id: Uuid,
        pub first_response_minutes: Option<i64>,
        pub next_response_minutes: Option<i64>,
        pub resolution_minutes: Option<i64>,
        pub warn_percent: i16,
        /// `Escalation` as JSON; none: only the agent is told.
        pub escalation: Option<String>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod ticket_sla {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "ticket_sla")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub ticket_id: Uuid,
        pub policy_id: Option<Uuid>,
        pub calendar_id: Option<Uuid>,
        /// `Clocks` as JSON.
        pub clocks: String,
        /// `Vec<Period>` as JSON.
        pub timeline: String,
        pub next_due_at: Option<DateTimeUtc>,
        pub state: String,
        pub next_warn_at: Option<DateTimeUtc>,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
