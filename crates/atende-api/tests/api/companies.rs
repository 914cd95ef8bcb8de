use atende_testkit::{TestApp, expect_problem};
use serde_json::json;

#[tokio::test]
async fn a_valid_cnpj_is_normalized_and_formatted() {
    let app = TestApp::spawn().await;
    for (typed, normalized, formatted) in [
        ("11.222.333/0001-81", "11222333000181", "11.222.333/0001-81"),
        ("12abc34501de35", "12ABC34501DE35", "12.ABC.345/01DE-35"),
    ] {
        let response = app
            .post_json("/api/v1/companies/cnpj-check", &json!({ "cnpj": typed }))
            .await;
        assert_eq!(response.status(), 200, "{typed}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(
            body,
            json!({ "normalized": normalized, "formatted": formatted })
        );
    }
}

#[tokio::test]
async fn a_cnpj_with_wrong_check_digits_is_a_422_on_the_cnpj_field() {
    let app = TestApp::spawn().await;
    let response = app
        .post_json(
            "/api/v1/companies/cnpj-check",
            &json!({ "cnpj": "11.222.333/0001-82" }),
        )
        .await;
    let body = expect_problem(response, 422).await;
    assert_eq!(body["field"], "cnpj");
    assert!(body["detail"].as_str().unwrap().contains("check digits"));
}
