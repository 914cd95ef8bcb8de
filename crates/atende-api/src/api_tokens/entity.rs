//! `api_tokens` and `api_token_companies`.

pub mod token {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "api_tokens")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        pub prefix: String,
        #[sea_orm(unique)]
        pub token_hash: String,
        /// JSON array of permission names.
        pub permissions: String,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub expires_at: Option<DateTimeUtc>,
        pub last_used_at: Option<DateTimeUtc>,
        pub revoked_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl Model {
        /// The permission names it carries.
        pub fn permission_names(&self) -> Vec<String> {
            serde_json::from_str(&self.permissions).unwrap_or_default()
        }
    }
}

pub mod company {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "api_token_companies")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub company_id: Uuid,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
