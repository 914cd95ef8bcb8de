//! `/api/v1/me/notification-preferences`: each user's own switches.

use actix_web::{HttpResponse, get, put, web};
use atende_types::notifications::NotificationPreference;

use super::preferences;
use crate::{auth::actor::Actor, error::ApiError, extract::ApiJson, state::AppState};

/// The signed-in user's notification switches, one per event.
#[utoipa::path(get, path = "/api/v1/me/notification-preferences", tag = "me",
    security(("bearer_jwt" = [])),
    responses((status = 200, description = "Every event with its e-mail and in-app switches", body = Vec<NotificationPreference>)))]
#[get("/notification-preferences")]
pub async fn list_preferences(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    let me = actor.user()?.id;
    Ok(HttpResponse::Ok().json(preferences::all(&state.db, me).await?))
}

/// Changes some of the signed-in user's switches; answers with all of them.
#[utoipa::path(put, path = "/api/v1/me/notification-preferences", tag = "me",
    security(("bearer_jwt" = [])), request_body = Vec<NotificationPreference>,
    responses((status = 200, description = "Every event with its switches", body = Vec<NotificationPreference>),
        (status = 422, description = "An unknown event", body = atende_types::ErrorBody, content_type = "application/problem+json")))]
#[put("/notification-preferences")]
pub async fn save_preferences(
    state: web::Data<AppState>,
    actor: Actor,
    ApiJson(input): ApiJson<Vec<NotificationPreference>>,
) -> Result<HttpResponse, ApiError> {
    let me = actor.user()?.id;
    preferences::save(&state.db, me, &input, state.clock.now()).await?;
    Ok(HttpResponse::Ok().json(preferences::all(&state.db, me).await?))
}
