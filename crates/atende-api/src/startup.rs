//! Builds the application: database, migrations, HTTP server. The binary and
//! the test harness (`atende-testkit`) both start the server through
//! [`Application::build`].

use std::{net::TcpListener, sync::Arc, time::Duration};

use actix_web::{
    App, HttpResponse, HttpServer,
    dev::{Server, ServerHandle},
    middleware::{Compress, from_fn},
    web,
};
use atende_core::clock::Clock;
use sea_orm::DbErr;
use tracing_actix_web::TracingLogger;
use utoipa_swagger_ui::SwaggerUi;

use crate::{
    api_tokens, audit,
    auth::{self, jwt::JwtKeys, rate_limit::AuthRateLimiter},
    companies,
    config::Settings,
    db::{self, DatabaseKind},
    error::{ApiError, not_found},
    identity, middleware, roles, spa,
    state::AppState,
    system, tickets,
};

/// Why the server could not start. `Display` is the one sentence printed
/// before the process exits.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot connect to the database given by setting `database_url` ({0})")]
    Database(#[source] DbErr),
    #[error("cannot apply the database migrations ({0})")]
    Migration(#[source] DbErr),
    #[error("cannot set up the secrets at rest ({0:#})")]
    Secrets(#[source] anyhow::Error),
    #[error("cannot load the demo data ({0:#})")]
    Seed(#[source] anyhow::Error),
    #[error("cannot set up the outbound HTTP client ({0:#})")]
    Outbound(#[source] anyhow::Error),
    #[error("cannot listen on {address} (settings `host` and `port`): {source}")]
    Bind {
        address: String,
        #[source]
        source: std::io::Error,
    },
}

/// A built, not yet running, server.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

impl Application {
    /// Connects to the database, applies pending migrations and binds the
    /// listening socket.
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> Result<Self, StartupError> {
        let state = connect(settings, clock).await?;
        if state.settings.demo_data {
            let loaded = crate::demo::seed(&state)
                .await
                .map_err(StartupError::Seed)?;
            if loaded && state.settings.demo_samples {
                crate::demo::seed_samples(&state)
                    .await
                    .map_err(StartupError::Seed)?;
            }
        }
        crate::events::subscribers::start(&state)
            .await
            .map_err(StartupError::Migration)?;
        let address = state.settings.address();
        let listener = TcpListener::bind(&address).map_err(|source| StartupError::Bind {
            address: address.clone(),
            source,
        })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartupError::Bind {
                address: address.clone(),
                source,
            })?
            .port();
        let server = http_server(state.clone(), listener)
            .map_err(|source| StartupError::Bind { address, source })?;
        Ok(Self {
            port,
            server,
            state,
        })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The application state (database, settings, clock).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// A handle that can stop the server gracefully.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGTERM/SIGINT (or `handle().stop(true)`), then lets
    /// in-flight requests finish within `shutdown_timeout_secs`.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        // The job worker lives as long as the server; a job cut off here
        // is taken over by a worker when its lease ends.
        let worker = self
            .state
            .settings
            .jobs_enabled
            .then(|| tokio::spawn(crate::jobs::worker::run(self.state.clone())));
        // The event log's reader feeds this process's open streams.
        let feed = tokio::spawn(crate::events::feed::run(self.state.clone()));
        let result = self.server.await;
        if let Some(worker) = worker {
            worker.abort();
        }
        feed.abort();
        result
    }
}

/// Connects to the database and applies pending migrations.
pub async fn connect(settings: Settings, clock: Arc<dyn Clock>) -> Result<AppState, StartupError> {
    let database_kind = DatabaseKind::from_url(&settings.database_url)
        .map_err(|reason| StartupError::Database(DbErr::Custom(reason)))?;
    let db = db::connect(&settings.database_url, settings.database_max_connections)
        .await
        .map_err(StartupError::Database)?;
    db::migrate(&db).await.map_err(StartupError::Migration)?;
    // Stored search terms made by an older analysis are rewritten by a
    // background job; this only queues it.
    crate::tickets::search::rebuild_if_stale(&db, clock.now())
        .await
        .map_err(StartupError::Migration)?;
    // Today's pruning of the event log (once a day, whichever process
    // asks first).
    crate::events::prune::schedule(&db, clock.now())
        .await
        .map_err(StartupError::Migration)?;
    let secrets = crate::secrets::SecretBox::load(&settings).map_err(StartupError::Secrets)?;
    // Plain values from before encryption, and values of a rotated-out
    // key, are sealed with the current key before anything reads them.
    let resealed = crate::secrets::reseal_stored(&db, &secrets, clock.now())
        .await
        .map_err(StartupError::Secrets)?;
    if resealed > 0 {
        tracing::info!(resealed, "sealed stored secrets with the current key");
    }
    let jwt = JwtKeys::load_or_create(&db, &secrets, clock.now())
        .await
        .map_err(StartupError::Secrets)?;
    let dummy_hash = tokio::task::spawn_blocking(|| {
        crate::identity::password::hash(&crate::auth::secret::token("", 24))
    })
    .await
    .map_err(|e| StartupError::Seed(e.into()))?
    .map_err(|e| StartupError::Seed(anyhow::anyhow!("hashing: {e}")))?;
    let settings_attachments_dir = settings.attachments_dir.clone();
    let test_clock = settings
        .test_clock
        .then(crate::state::ShiftedClock::default);
    let clock: Arc<dyn Clock> = match &test_clock {
        Some(shifted) => {
            tracing::warn!("the test clock is on: POST /api/v1/test/clock moves time forward");
            Arc::new(shifted.clone())
        }
        None => clock,
    };
    let events = crate::events::EventFeed::new(
        db.clone(),
        std::time::Duration::from_millis(settings.event_poll_interval_ms),
    );
    // Settings::validate checked the networks already.
    let allowed = atende_core::outbound::parse_allowed(&settings.outbound_allowed_networks)
        .map_err(|entry| StartupError::Outbound(anyhow::anyhow!("{entry:?} is not a network")))?;
    let outbound =
        crate::outbound::Outbound::new(allowed).map_err(|e| StartupError::Outbound(e.into()))?;
    Ok(AppState {
        db,
        database_kind,
        outbound,
        auth_limiter: AuthRateLimiter::new(settings.auth_rate_limit_per_minute),
        confirm_limiter: AuthRateLimiter::new(settings.auth_rate_limit_per_minute),
        token_limiter: crate::auth::token_rate::TokenRateLimiter::new(
            settings.api_token_rate_limit_per_minute,
        ),
        settings: Arc::new(settings),
        clock,
        jwt,
        secrets: Arc::new(secrets),
        dummy_hash: dummy_hash.into(),
        events,
        import_progress: Default::default(),
        grants: Default::default(),
        blobs: Arc::new(crate::storage::LocalStore::new(settings_attachments_dir)),
        test_clock,
    })
}

fn http_server(state: AppState, listener: TcpListener) -> std::io::Result<Server> {
    let settings = state.settings.clone();
    let spa_dir = settings.spa_dir.clone();
    let spa_built = spa::is_built(&spa_dir);
    if !spa_built {
        tracing::warn!(spa_dir = %spa_dir.display(), "the SPA is not built; serving the API only");
    }
    let openapi = crate::openapi::document();
    let data = web::Data::new(state);
    let mut server = HttpServer::new(move || {
        let app = App::new()
            .app_data(data.clone())
            .app_data(
                web::QueryConfig::default().error_handler(|error, _| {
                    ApiError::validation("query", error.to_string()).into()
                }),
            )
            .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()))
            .wrap(from_fn(middleware::etag))
            .wrap(from_fn(crate::idempotency::idempotency_key))
            .wrap(from_fn(crate::auth::token_rate::limit_api_tokens))
            .wrap(from_fn(middleware::refuse_control_characters))
            .wrap(from_fn(spa::cache_headers))
            .wrap(middleware::security_headers())
            .wrap(Compress::default())
            .wrap(from_fn(middleware::request_id_header))
            .wrap(TracingLogger::default())
            .service(
                web::scope("/health")
                    .configure(system::configure_health)
                    .default_service(web::to(not_found)),
            )
            .service(
                web::scope("/api/v1")
                    .configure(system::configure_api)
                    .configure(auth::configure)
                    .configure(identity::configure)
                    .configure(companies::configure)
                    .configure(roles::configure)
                    .configure(audit::configure)
                    .configure(api_tokens::configure)
                    .configure(tickets::configure)
                    .configure(crate::automation::configure)
                    .configure(crate::webhooks::configure)
                    .configure(crate::sla::configure)
                    .configure(crate::reports::configure)
                    .configure(crate::pending_items::configure)
                    .configure(crate::imports::configure)
                    .default_service(web::to(not_found)),
            )
            .service(web::resource("/api/docs").to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header(("location", "/api/docs/"))
                    .finish()
            }))
            .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", openapi.clone()))
            .service(web::scope("/api").default_service(web::to(not_found)));
        if spa_built {
            app.service(spa::service(&spa_dir))
        } else {
            app.default_service(web::to(spa::not_built))
        }
    })
    .listen(listener)?
    .shutdown_timeout(settings.shutdown_timeout_secs);
    if settings.workers > 0 {
        server = server.workers(settings.workers);
    }
    // Keep-alive and slow-client protection.
    server = server
        .keep_alive(Duration::from_secs(75))
        .client_request_timeout(Duration::from_secs(10));
    Ok(server.run())
}
