//! The SPA is served at `/` with client-side-route fallback and cache headers.

use atende_testkit::{TestApp, expect_problem};

fn built_spa() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Atende</title><main id=app></main>",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(
        dir.path().join("assets/atende-0123abcd.js"),
        "export default 1;",
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn the_index_is_served_at_the_root_and_never_cached() {
    let spa = built_spa();
    let app = TestApp::spawn_with(|s| s.spa_dir = spa.path().to_owned()).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("<title>Atende</title>")
    );
}

#[tokio::test]
async fn client_side_routes_fall_back_to_the_index() {
    let spa = built_spa();
    let app = TestApp::spawn_with(|s| s.spa_dir = spa.path().to_owned()).await;
    for path in ["/chamados", "/chamados/000123", "/admin/usuarios/"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("<title>Atende</title>"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year() {
    let spa = built_spa();
    let app = TestApp::spawn_with(|s| s.spa_dir = spa.path().to_owned()).await;
    let response = app.get("/assets/atende-0123abcd.js").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn a_missing_asset_is_a_404_not_the_index() {
    let spa = built_spa();
    let app = TestApp::spawn_with(|s| s.spa_dir = spa.path().to_owned()).await;
    expect_problem(app.get("/assets/atende-ffffffff.js").await, 404).await;
}

#[tokio::test]
async fn api_routes_are_never_answered_by_the_spa() {
    let spa = built_spa();
    let app = TestApp::spawn_with(|s| s.spa_dir = spa.path().to_owned()).await;
    expect_problem(app.get("/api/v1/chamados").await, 404).await;
}

#[tokio::test]
async fn without_a_built_spa_the_root_explains_how_to_build_it() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 503);
    assert!(response.text().await.unwrap().contains("cargo xtask run"));
}
