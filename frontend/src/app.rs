//! The application root: contexts, frames and routes.
//!
//! Routes are in Portuguese, like the interface. The sign-in pages use the
//! public frame; everything else sits under [`AppFrame`], which sends
//! signed-out people to `/entrar` (and back afterwards) and people who must
//! enroll in MFA to `/minha-conta/mfa`. Unknown paths get the 404 page
//! inside the signed-in frame.

use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use crate::api::provide_api;
use crate::components::{
    guard::AppFrame,
    layout::{Layout, PublicLayout},
};
use crate::i18n::provide_i18n;
use crate::live::provide_live;
use crate::pages::{
    account::Account,
    home::Home,
    invitation::AcceptInvitation,
    manage::{
        api_tokens::ApiTokensPage, audit::AuditPage, automation::AutomationPage,
        calendars::CalendarsPage, categories::CategoriesPage, companies::CompaniesPage,
        integrations::IntegrationsPage, permissions::PermissionsPage, segments::SegmentsPage,
        sla_policies::SlaPoliciesPage, system::SystemPage, teams::TeamsPage, users::UsersPage,
    },
    mfa::MfaEnrollment,
    not_found::NotFound,
    notifications::NotificationsPage,
    password_reset::{ForgotPassword, ResetPassword},
    preferences::NotificationPreferencesPage,
    reports::SlaReportPage,
    sign_in::{MfaStep, SignIn},
    tickets::{
        canned::CannedResponsesPage,
        client::TicketsPage,
        detail::TicketPage,
        new::NewTicketPage,
        workspace::{WorkspaceBoardPage, WorkspaceListPage, provide_workspace_filter},
    },
};
use crate::session::provide_session;

/// The whole SPA.
#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    let api = provide_api(i18n);
    let session = provide_session(api, i18n);
    provide_live(api, session);
    provide_workspace_filter();
    view! {
        <Router>
            <Routes fallback=|| view! { <Layout><NotFound /></Layout> }>
                <Route path=path!("/entrar") view=|| view! { <PublicLayout><SignIn /></PublicLayout> } />
                <Route path=path!("/entrar/mfa") view=|| view! { <PublicLayout><MfaStep /></PublicLayout> } />
                <Route path=path!("/esqueci-senha") view=|| view! { <PublicLayout><ForgotPassword /></PublicLayout> } />
                <Route
                    path=path!("/redefinir-senha/:token")
                    view=|| view! { <PublicLayout><ResetPassword /></PublicLayout> }
                />
                <Route
                    path=path!("/convite/:token")
                    view=|| view! { <PublicLayout><AcceptInvitation /></PublicLayout> }
                />
                <ParentRoute path=path!("") view=AppFrame>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/chamados") view=TicketsPage />
                    <Route path=path!("/chamados/novo") view=NewTicketPage />
                    <Route path=path!("/chamados/:id") view=TicketPage />
                    <Route path=path!("/atendimento") view=WorkspaceBoardPage />
                    <Route path=path!("/atendimento/lista") view=WorkspaceListPage />
                    <Route path=path!("/atendimento/respostas") view=CannedResponsesPage />
                    <Route path=path!("/minha-conta") view=Account />
                    <Route path=path!("/minha-conta/mfa") view=MfaEnrollment />
                    <Route path=path!("/minha-conta/notificacoes") view=NotificationPreferencesPage />
                    <Route path=path!("/relatorios/sla") view=SlaReportPage />
                    <Route path=path!("/gerenciar/usuarios") view=UsersPage />
                    <Route path=path!("/gerenciar/empresas") view=CompaniesPage />
                    <Route path=path!("/gerenciar/segmentos") view=SegmentsPage />
                    <Route path=path!("/gerenciar/permissoes") view=PermissionsPage />
                    <Route path=path!("/gerenciar/tokens") view=ApiTokensPage />
                    <Route path=path!("/gerenciar/auditoria") view=AuditPage />
                    <Route path=path!("/gerenciar/calendarios") view=CalendarsPage />
                    <Route path=path!("/gerenciar/sla") view=SlaPoliciesPage />
                    <Route path=path!("/gerenciar/categorias") view=CategoriesPage />
                    <Route path=path!("/gerenciar/equipes") view=TeamsPage />
                    <Route path=path!("/gerenciar/automacoes") view=AutomationPage />
                    <Route path=path!("/gerenciar/integracoes") view=IntegrationsPage />
                    <Route path=path!("/gerenciar/sistema") view=SystemPage />
                    <Route path=path!("/notificacoes") view=NotificationsPage />
                    <Route path=path!("/pendencias") view=crate::pages::pending::list::PendingListPage />
                    <Route path=path!("/pendencias/nova") view=crate::pages::pending::new::NewPendingItemPage />
                    <Route path=path!("/pendencias/aprovacao") view=crate::pages::pending::approval::PendingApprovalPage />
                    <Route path=path!("/pendencias/painel") view=crate::pages::pending::dashboards::PendingDashboardsPage />
                    <Route path=path!("/pendencias/segmentos") view=crate::pages::pending::segments::PendingSegmentsPage />
                    // --- pending items: lists, detail, approval, dashboards ---
                    // --- pending items: imports and reports ---
                    <Route path=path!("/pendencias/importar") view=crate::pages::pending_imports::wizard::ImportWizardPage />
                    <Route path=path!("/pendencias/importacoes") view=crate::pages::pending_imports::history::ImportHistoryPage />
                    <Route path=path!("/relatorios/pendencias") view=crate::pages::pending_reports::MonthlyReportPage />
                    <Route path=path!("/relatorios/operadores") view=crate::pages::pending_reports::OperatorsReportPage />
                    // The first matching route wins: an item's page comes
                    // after every other `/pendencias/<name>` route.
                    <Route path=path!("/pendencias/:id") view=crate::pages::pending::detail::PendingItemPage />
                    <Route path=path!("/*any") view=NotFound />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
