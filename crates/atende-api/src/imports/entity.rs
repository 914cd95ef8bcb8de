//! The import tables.

pub mod import {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "imports")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub file_name: String,
        pub format: String,
        pub size_bytes: i64,
        pub content_sha256: String,
        pub blob_sha256: String,
        /// Field → header, JSON.
        pub mapping: String,
        /// The sheet's column headers, a JSON array.
        pub headers: String,
        pub target_status: String,
        pub status: String,
        pub rows_total: i32,
        pub rows_accepted: i32,
        pub rows_rejected: i32,
        /// `Vec<ImportRowError>` as JSON.
        pub report: String,
        pub uploaded_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub committed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod template {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "import_templates")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub name: String,
        /// Field → header, JSON.
        pub mapping: String,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
