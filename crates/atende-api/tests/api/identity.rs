//! The identity data model on the database itself: the demo data set and the
//! constraints that hold whatever the application does.

use atende_api::{
    companies::{
        entity::{self as company, CompanyKind},
        segment,
    },
    demo::{self, DEMO_PASSWORD},
    identity::{password, user, user_company},
};
use atende_core::{cnpj::Cnpj, permissions::Role};
use atende_testkit::{TestApp, test_epoch};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, ModelTrait,
    PaginatorTrait, QueryFilter, SqlErr,
};
use uuid::Uuid;

async fn counts(db: &DatabaseConnection) -> [u64; 4] {
    [
        segment::Entity::find().count(db).await.unwrap(),
        company::Entity::find().count(db).await.unwrap(),
        user::Entity::find().count(db).await.unwrap(),
        user_company::Entity::find().count(db).await.unwrap(),
    ]
}

fn new_user(email: &str) -> user::ActiveModel {
    user::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set("Maria Teste".into()),
        email: Set(email.into()),
        email_key: Set(user::email_key(email)),
        password_hash: Set(None),
        role: Set(Role::Agent.as_str().into()),
        active: Set(true),
        locale: Set("pt-BR".into()),
        time_zone: Set("America/Sao_Paulo".into()),
        created_at: Set(test_epoch()),
        updated_at: Set(test_epoch()),
        ..Default::default()
    }
}

fn new_company(
    cnpj: &str,
    kind: CompanyKind,
    consultancy_id: Option<Uuid>,
) -> company::ActiveModel {
    company::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(kind),
        consultancy_id: Set(consultancy_id),
        legal_name: Set(format!("Empresa {cnpj} Ltda")),
        trade_name: Set(None),
        cnpj: Set(cnpj.into()),
        segment_id: Set(None),
        active: Set(true),
        created_at: Set(test_epoch()),
        updated_at: Set(test_epoch()),
    }
}

fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// The companies `user` is linked to, by normalized CNPJ.
async fn linked_cnpjs(db: &DatabaseConnection, user: &user::Model) -> Vec<String> {
    let mut cnpjs: Vec<String> = user
        .find_related(company::Entity)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.cnpj)
        .collect();
    cnpjs.sort();
    cnpjs
}

#[tokio::test]
async fn the_demo_data_has_segments_companies_and_one_user_per_role() {
    let app = TestApp::spawn_with(|s| s.demo_data = true).await;
    let db = &app.state.db;

    assert_eq!(segment::Entity::find().count(db).await.unwrap(), 2);
    let companies = company::Entity::find().all(db).await.unwrap();
    let (consultancies, clients): (Vec<_>, Vec<_>) = companies
        .iter()
        .partition(|c| c.kind == CompanyKind::Consultancy);
    assert_eq!(consultancies.len(), 2);
    assert_eq!(clients.len(), 5);
    for c in &companies {
        let cnpj = Cnpj::parse(&c.cnpj).unwrap_or_else(|e| panic!("{}: {e}", c.cnpj));
        assert_eq!(cnpj.as_str(), c.cnpj, "stored normalized");
        assert!(c.segment_id.is_some(), "{} has a segment", c.legal_name);
    }
    for client in &clients {
        let parent = client.consultancy_id.expect("a client has a consultancy");
        assert!(consultancies.iter().any(|c| c.id == parent));
    }

    let users = user::Entity::find().all(db).await.unwrap();
    let mut roles: Vec<Role> = users.iter().map(|u| u.role().unwrap()).collect();
    roles.sort();
    assert_eq!(roles, Role::ALL);
    for (role, email) in demo::demo_logins() {
        let user = users.iter().find(|u| u.email == email).unwrap();
        assert_eq!(user.role(), Some(role), "{email}");
        let hash = user.password_hash.as_deref().unwrap();
        assert!(hash.starts_with("$argon2id$"), "{email}");
        assert!(password::verify(DEMO_PASSWORD, hash), "{email}");
        assert!(!password::verify("wrong password", hash), "{email}");
    }

    // Scope: staff of the first consultancy through the consultancy itself;
    // client users through their client companies.
    let by_role = |role: Role| users.iter().find(|u| u.role() == Some(role)).unwrap();
    let first_consultancy = consultancies
        .iter()
        .find(|c| c.legal_name == "Contábil Horizonte Assessoria Ltda")
        .unwrap();
    assert!(linked_cnpjs(db, by_role(Role::Admin)).await.is_empty());
    for staff in [Role::Supervisor, Role::Agent] {
        assert_eq!(
            linked_cnpjs(db, by_role(staff)).await,
            [first_consultancy.cnpj.as_str()]
        );
    }
    let client_supervisor_links = linked_cnpjs(db, by_role(Role::ClientSupervisor)).await;
    let client_links = linked_cnpjs(db, by_role(Role::Client)).await;
    assert_eq!(client_supervisor_links.len(), 2);
    assert_eq!(client_links.len(), 1);
    assert!(client_supervisor_links.contains(&client_links[0]));
    for cnpj in &client_supervisor_links {
        let linked = clients.iter().find(|c| &c.cnpj == cnpj).unwrap();
        assert_eq!(linked.consultancy_id, Some(first_consultancy.id));
    }
}

#[tokio::test]
async fn seeding_the_demo_data_twice_adds_nothing() {
    let app = TestApp::spawn_with(|s| s.demo_data = true).await;
    let before = counts(&app.state.db).await;
    assert_eq!(before, [2, 7, 5, 5]);
    assert!(!demo::seed(&app.state).await.unwrap());
    assert_eq!(counts(&app.state.db).await, before);
}

#[tokio::test]
async fn an_empty_database_gets_no_demo_data_unless_asked() {
    let app = TestApp::spawn().await;
    assert_eq!(counts(&app.state.db).await, [0; 4]);
    assert!(demo::seed(&app.state).await.unwrap());
    assert_eq!(counts(&app.state.db).await, [2, 7, 5, 5]);
}

#[tokio::test]
async fn two_users_cannot_share_an_email_differing_only_in_case() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    user::Entity::insert(new_user("Maria.Silva@Example.com"))
        .exec_without_returning(db)
        .await
        .unwrap();
    let error = user::Entity::insert(new_user("maria.silva@example.COM"))
        .exec_without_returning(db)
        .await
        .unwrap_err();
    assert!(is_unique_violation(&error), "{error:?}");
    assert_eq!(user::Entity::find().count(db).await.unwrap(), 1);
}

#[tokio::test]
async fn two_companies_cannot_share_a_cnpj() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    company::Entity::insert(new_company(
        "11222333000181",
        CompanyKind::Consultancy,
        None,
    ))
    .exec_without_returning(db)
    .await
    .unwrap();
    let error = company::Entity::insert(new_company(
        "11222333000181",
        CompanyKind::Consultancy,
        None,
    ))
    .exec_without_returning(db)
    .await
    .unwrap_err();
    assert!(is_unique_violation(&error), "{error:?}");
}

#[tokio::test]
async fn a_client_company_needs_a_consultancy_and_a_consultancy_has_none() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let orphan = company::Entity::insert(new_company("11222333000181", CompanyKind::Client, None))
        .exec_without_returning(db)
        .await;
    assert!(orphan.is_err(), "a client without a consultancy was stored");
    let consultancy = new_company("11444777000161", CompanyKind::Consultancy, None);
    let consultancy_id = consultancy.id.clone().unwrap();
    company::Entity::insert(consultancy)
        .exec_without_returning(db)
        .await
        .unwrap();
    let nested = company::Entity::insert(new_company(
        "47120358000111",
        CompanyKind::Consultancy,
        Some(consultancy_id),
    ))
    .exec_without_returning(db)
    .await;
    assert!(
        nested.is_err(),
        "a consultancy under a consultancy was stored"
    );
    company::Entity::insert(new_company(
        "47120358000111",
        CompanyKind::Client,
        Some(consultancy_id),
    ))
    .exec_without_returning(db)
    .await
    .unwrap();
}

#[tokio::test]
async fn deleting_a_user_removes_its_company_links() {
    let app = TestApp::spawn_with(|s| s.demo_data = true).await;
    let db = &app.state.db;
    let client_supervisor = user::Entity::find()
        .filter(user::Column::EmailKey.eq("cliente.supervisor@atende.demo"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let links = || {
        user_company::Entity::find()
            .filter(user_company::Column::UserId.eq(client_supervisor.id))
            .count(db)
    };
    assert_eq!(links().await.unwrap(), 2);
    user::Entity::delete_by_id(client_supervisor.id)
        .exec(db)
        .await
        .unwrap();
    assert_eq!(links().await.unwrap(), 0);
    assert_eq!(company::Entity::find().count(db).await.unwrap(), 7);
}

#[tokio::test]
async fn start_up_never_seeds_demo_data_among_real_users() {
    let app = TestApp::spawn().await;
    // A real installation: a user exists, no demo marker.
    let now = test_epoch();
    user::Entity::insert(user::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set("Real Admin".into()),
        email: Set("real@example.com".into()),
        email_key: Set("real@example.com".into()),
        password_hash: Set(None),
        role: Set("admin".into()),
        active: Set(true),
        locale: Set("pt-BR".into()),
        time_zone: Set("America/Sao_Paulo".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(&app.state.db)
    .await
    .unwrap();
    assert!(
        !atende_api::demo::seed_on_first_start(&app.state)
            .await
            .unwrap()
    );
    let users = user::Entity::find().count(&app.state.db).await.unwrap();
    assert_eq!(users, 1);
}
