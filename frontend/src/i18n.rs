//! The interface texts, in Brazilian Portuguese (the default) and English.
//!
//! Every user-facing text of the SPA is a [`Key`] of this catalogue; views
//! ask the [`I18n`] context for it so a language switch re-renders them.
//! The chosen language is kept in `localStorage` under [`STORAGE_KEY`]; the
//! browser's language is deliberately ignored, so a first visit is always in
//! Portuguese.

use atende_core::locale::Locale;
use leptos::prelude::*;

/// `localStorage` key holding the user's chosen language (a BCP 47 tag).
pub const STORAGE_KEY: &str = "atende.locale";

/// Declares [`Key`], [`Key::ALL`] and [`t`] from one table, so a key cannot
/// exist without a text in every language.
macro_rules! catalogue {
    ($($key:ident { pt: $pt:literal, en: $en:literal $(,)? })*) => {
        /// A user-facing text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $($key,)*
        }

        impl Key {
            /// Every key, in catalogue order.
            #[cfg_attr(not(test), allow(dead_code))]
            pub const ALL: &[Key] = &[$(Key::$key,)*];
        }

        /// The text of `key` in `locale`.
        pub fn t(locale: Locale, key: Key) -> &'static str {
            match (locale, key) {
                $(
                    (Locale::PtBr, Key::$key) => $pt,
                    (Locale::En, Key::$key) => $en,
                )*
            }
        }
    };
}

catalogue! {
    ProductName {
        pt: "Atende",
        en: "Atende",
    }
    ProductTagline {
        pt: "Central de atendimento para consultorias",
        en: "Helpdesk for consultancies",
    }
    SkipToContent {
        pt: "Pular para o conteúdo",
        en: "Skip to content",
    }
    LanguageLabel {
        pt: "Idioma",
        en: "Language",
    }
    MainNavigation {
        pt: "Navegação principal",
        en: "Main navigation",
    }
    Menu {
        pt: "Menu",
        en: "Menu",
    }
    NavHome {
        pt: "Início",
        en: "Home",
    }
    NavApiReference {
        pt: "Referência da API",
        en: "API reference",
    }
    ServerStatusTitle {
        pt: "Status do servidor",
        en: "Server status",
    }
    ServerOnline {
        pt: "Em operação",
        en: "Operational",
    }
    ServerOffline {
        pt: "Indisponível",
        en: "Unavailable",
    }
    ServerVersion {
        pt: "Versão",
        en: "Version",
    }
    ServerDatabase {
        pt: "Banco de dados",
        en: "Database",
    }
    ServerLocales {
        pt: "Idiomas",
        en: "Languages",
    }
    Loading {
        pt: "Carregando…",
        en: "Loading…",
    }
    Retry {
        pt: "Tentar novamente",
        en: "Try again",
    }
    ErrorGeneric {
        pt: "Não foi possível concluir a operação. Tente novamente em instantes.",
        en: "The operation could not be completed. Please try again shortly.",
    }
    ErrorNetwork {
        pt: "Não foi possível falar com o servidor. Verifique sua conexão e tente novamente.",
        en: "The server could not be reached. Check your connection and try again.",
    }
    ErrorDecode {
        pt: "O servidor enviou uma resposta inesperada.",
        en: "The server sent an unexpected response.",
    }
    ErrorNotFound {
        pt: "O recurso solicitado não existe.",
        en: "The requested resource does not exist.",
    }
    ErrorUnavailable {
        pt: "O serviço está temporariamente indisponível.",
        en: "The service is temporarily unavailable.",
    }
    ErrorInternal {
        pt: "Ocorreu um erro interno no servidor.",
        en: "An internal server error occurred.",
    }
    ErrorRequestId {
        pt: "Código para o suporte",
        en: "Reference for support",
    }
    NotFoundTitle {
        pt: "Página não encontrada",
        en: "Page not found",
    }
    NotFoundText {
        pt: "O endereço acessado não existe ou foi movido.",
        en: "The address you opened does not exist or has moved.",
    }
    NotFoundBack {
        pt: "Voltar ao início",
        en: "Back to the home page",
    }
    NavAccount {
        pt: "Minha conta",
        en: "My account",
    }
    NavManage {
        pt: "Gerenciar",
        en: "Manage",
    }
    NavUsers {
        pt: "Usuários",
        en: "Users",
    }
    NavCompanies {
        pt: "Empresas",
        en: "Companies",
    }
    NavSegments {
        pt: "Segmentos",
        en: "Segments",
    }
    NavPermissions {
        pt: "Permissões",
        en: "Permissions",
    }
    NavApiTokens {
        pt: "Tokens de API",
        en: "API tokens",
    }
    NavAudit {
        pt: "Auditoria",
        en: "Audit log",
    }
    NavEnrollMfa {
        pt: "Configurar verificação em duas etapas",
        en: "Set up two-step verification",
    }
    SignOut {
        pt: "Sair",
        en: "Sign out",
    }
    NoAccessTitle {
        pt: "Acesso não permitido",
        en: "Access not allowed",
    }
    NoAccessText {
        pt: "Seu perfil não tem permissão para usar esta tela. Se precisar dela, fale com um administrador.",
        en: "Your role does not allow you to use this screen. If you need it, ask an administrator.",
    }
    Name {
        pt: "Nome",
        en: "Name",
    }
    Email {
        pt: "E-mail",
        en: "E-mail",
    }
    Password {
        pt: "Senha",
        en: "Password",
    }
    Role {
        pt: "Perfil",
        en: "Role",
    }
    Status {
        pt: "Situação",
        en: "Status",
    }
    Actions {
        pt: "Ações",
        en: "Actions",
    }
    Company {
        pt: "Empresa",
        en: "Company",
    }
    Companies {
        pt: "Empresas",
        en: "Companies",
    }
    Segment {
        pt: "Segmento",
        en: "Segment",
    }
    Description {
        pt: "Descrição",
        en: "Description",
    }
    Permissions {
        pt: "Permissões",
        en: "Permissions",
    }
    Search {
        pt: "Buscar",
        en: "Search",
    }
    Filters {
        pt: "Filtros",
        en: "Filters",
    }
    Filter {
        pt: "Filtrar",
        en: "Filter",
    }
    ClearFilters {
        pt: "Limpar filtros",
        en: "Clear filters",
    }
    Save {
        pt: "Salvar",
        en: "Save",
    }
    Saving {
        pt: "Salvando…",
        en: "Saving…",
    }
    Cancel {
        pt: "Cancelar",
        en: "Cancel",
    }
    Close {
        pt: "Fechar",
        en: "Close",
    }
    Edit {
        pt: "Editar",
        en: "Edit",
    }
    Delete {
        pt: "Excluir",
        en: "Delete",
    }
    DeleteForGood {
        pt: "Excluir definitivamente",
        en: "Delete for good",
    }
    Deactivate {
        pt: "Desativar",
        en: "Deactivate",
    }
    Reactivate {
        pt: "Reativar",
        en: "Reactivate",
    }
    Copy {
        pt: "Copiar",
        en: "Copy",
    }
    Copied {
        pt: "Copiado!",
        en: "Copied!",
    }
    LoadMore {
        pt: "Carregar mais",
        en: "Load more",
    }
    ChooseOne {
        pt: "Selecione…",
        en: "Choose…",
    }
    AllRoles {
        pt: "Todos os perfis",
        en: "All roles",
    }
    AllStatuses {
        pt: "Todas as situações",
        en: "All statuses",
    }
    AllCompanies {
        pt: "Todas as empresas",
        en: "All companies",
    }
    ActivePlural {
        pt: "Ativos",
        en: "Active",
    }
    InactivePlural {
        pt: "Inativos",
        en: "Inactive",
    }
    ActiveFemininePlural {
        pt: "Ativas",
        en: "Active",
    }
    InactiveFemininePlural {
        pt: "Inativas",
        en: "Inactive",
    }
    StatusActive {
        pt: "Ativo",
        en: "Active",
    }
    StatusInactive {
        pt: "Inativo",
        en: "Inactive",
    }
    StatusActiveFeminine {
        pt: "Ativa",
        en: "Active",
    }
    StatusInactiveFeminine {
        pt: "Inativa",
        en: "Inactive",
    }
    StatusInvited {
        pt: "Convite pendente",
        en: "Invitation pending",
    }
    StatusLocked {
        pt: "Bloqueado",
        en: "Locked",
    }
    CreatedAt {
        pt: "Criado em",
        en: "Created",
    }
    LastUsedAt {
        pt: "Último uso",
        en: "Last used",
    }
    Expires {
        pt: "expira em",
        en: "expires on",
    }
    ExpiresOn {
        pt: "Expira em (opcional)",
        en: "Expires on (optional)",
    }
    FromDate {
        pt: "De",
        en: "From",
    }
    ToDate {
        pt: "Até",
        en: "To",
    }
    Feature {
        pt: "Funcionalidade",
        en: "Feature",
    }
    ErrorInvalidCredentials {
        pt: "E-mail ou senha incorretos.",
        en: "Wrong e-mail or password.",
    }
    ErrorInvalidMfaCode {
        pt: "Código inválido. Confira o código no aplicativo e tente de novo.",
        en: "Invalid code. Check the code in your app and try again.",
    }
    ErrorTooManyRequests {
        pt: "Muitas tentativas seguidas.",
        en: "Too many attempts in a row.",
    }
    RetryInSeconds {
        pt: "Tente novamente em {n} s.",
        en: "Try again in {n} s.",
    }
    ErrorMfaEnrollmentRequired {
        pt: "Configure a verificação em duas etapas para continuar.",
        en: "Set up two-step verification to continue.",
    }
    ErrorSessionExpired {
        pt: "Sua sessão expirou. Entre novamente.",
        en: "Your session has expired. Please sign in again.",
    }
    ErrorForbidden {
        pt: "Você não tem permissão para fazer isso.",
        en: "You are not allowed to do this.",
    }
    EmailRequired {
        pt: "Informe o e-mail.",
        en: "Enter the e-mail address.",
    }
    PasswordRequired {
        pt: "Informe a senha.",
        en: "Enter the password.",
    }
    NameRequired {
        pt: "Informe o nome.",
        en: "Enter the name.",
    }
    PasswordTooShort {
        pt: "A senha precisa ter pelo menos 10 caracteres.",
        en: "The password needs at least 10 characters.",
    }
    PasswordMismatch {
        pt: "As senhas não coincidem.",
        en: "The passwords do not match.",
    }
    SignInTitle {
        pt: "Entrar",
        en: "Sign in",
    }
    SignInLead {
        pt: "Use o e-mail e a senha da sua conta no Atende.",
        en: "Use the e-mail address and password of your Atende account.",
    }
    SignIn {
        pt: "Entrar",
        en: "Sign in",
    }
    SigningIn {
        pt: "Entrando…",
        en: "Signing in…",
    }
    SessionEndedNotice {
        pt: "Sua sessão terminou. Entre novamente para continuar de onde parou.",
        en: "Your session has ended. Sign in again to continue where you left off.",
    }
    InvitationAcceptedNotice {
        pt: "Senha definida. Entre com seu e-mail e a nova senha.",
        en: "Password set. Sign in with your e-mail address and the new password.",
    }
    BackToSignIn {
        pt: "Voltar para a entrada",
        en: "Back to sign-in",
    }
    MfaStepTitle {
        pt: "Verificação em duas etapas",
        en: "Two-step verification",
    }
    MfaStepLead {
        pt: "Abra o aplicativo autenticador e informe o código de 6 dígitos do Atende.",
        en: "Open your authenticator app and enter Atende's 6-digit code.",
    }
    MfaStepLeadRecovery {
        pt: "Informe um dos códigos de recuperação que você guardou. Cada código só pode ser usado uma vez.",
        en: "Enter one of the recovery codes you saved. Each code works only once.",
    }
    MfaCodeLabel {
        pt: "Código de 6 dígitos",
        en: "6-digit code",
    }
    RecoveryCodeLabel {
        pt: "Código de recuperação",
        en: "Recovery code",
    }
    MfaCodeRequired {
        pt: "Informe o código.",
        en: "Enter the code.",
    }
    MfaCodeSixDigits {
        pt: "O código tem 6 dígitos.",
        en: "The code has 6 digits.",
    }
    MfaChallengeExpired {
        pt: "O tempo para informar o código acabou. Volte e entre novamente.",
        en: "The time to enter the code is over. Go back and sign in again.",
    }
    MfaNoChallenge {
        pt: "Não há uma entrada aguardando o código. Comece novamente com seu e-mail e senha.",
        en: "No sign-in is waiting for a code. Start again with your e-mail address and password.",
    }
    Verify {
        pt: "Verificar",
        en: "Verify",
    }
    Verifying {
        pt: "Verificando…",
        en: "Verifying…",
    }
    UseRecoveryCode {
        pt: "Usar código de recuperação",
        en: "Use a recovery code",
    }
    UseAuthenticatorCode {
        pt: "Usar código do aplicativo",
        en: "Use the app's code",
    }
    InvitationTitle {
        pt: "Aceitar convite",
        en: "Accept invitation",
    }
    InvitationLead {
        pt: "Você foi convidado para o Atende. Escolha uma senha para ativar sua conta.",
        en: "You have been invited to Atende. Choose a password to activate your account.",
    }
    InvitationExpires {
        pt: "Válido até",
        en: "Valid until",
    }
    InvitationInvalid {
        pt: "Este convite não é válido: ele já foi usado, expirou ou foi substituído por um novo. Peça um novo convite a quem administra o Atende.",
        en: "This invitation is not valid: it was used, it expired or a newer one replaced it. Ask your Atende administrator for a new invitation.",
    }
    NewPassword {
        pt: "Nova senha",
        en: "New password",
    }
    ConfirmPassword {
        pt: "Confirme a nova senha",
        en: "Confirm the new password",
    }
    SetPassword {
        pt: "Definir senha",
        en: "Set password",
    }
    PasswordRulesTitle {
        pt: "Como escolher a senha",
        en: "How to choose the password",
    }
    PasswordRuleLength {
        pt: "Pelo menos 10 caracteres.",
        en: "At least 10 characters.",
    }
    PasswordRuleGuessable {
        pt: "Senhas fáceis de adivinhar são recusadas: evite nomes, datas, sequências (123456, qwerty) e palavras comuns.",
        en: "Easily guessed passwords are refused: avoid names, dates, sequences (123456, qwerty) and common words.",
    }
    PasswordRuleTip {
        pt: "Dica: uma frase com quatro ou mais palavras é fácil de lembrar e difícil de adivinhar.",
        en: "Tip: a phrase of four or more words is easy to remember and hard to guess.",
    }
    PasswordRulesShort {
        pt: "Mínimo de 10 caracteres, difícil de adivinhar.",
        en: "At least 10 characters, hard to guess.",
    }
    AccountTitle {
        pt: "Minha conta",
        en: "My account",
    }
    AccountLead {
        pt: "Seus dados, sua senha e a verificação em duas etapas.",
        en: "Your details, your password and two-step verification.",
    }
    ProfileTitle {
        pt: "Dados pessoais",
        en: "Personal details",
    }
    PreferredLanguage {
        pt: "Idioma da interface",
        en: "Interface language",
    }
    TimeZone {
        pt: "Fuso horário",
        en: "Time zone",
    }
    TimeZoneHint {
        pt: "Datas e horários são mostrados neste fuso.",
        en: "Dates and times are shown in this time zone.",
    }
    ProfileSaved {
        pt: "Dados salvos.",
        en: "Details saved.",
    }
    ChangePasswordTitle {
        pt: "Alterar senha",
        en: "Change password",
    }
    CurrentPassword {
        pt: "Senha atual",
        en: "Current password",
    }
    ChangePassword {
        pt: "Alterar senha",
        en: "Change password",
    }
    PasswordChanged {
        pt: "Senha alterada. As sessões em outros dispositivos foram encerradas.",
        en: "Password changed. Sessions on other devices were ended.",
    }
    MfaTitle {
        pt: "Verificação em duas etapas",
        en: "Two-step verification",
    }
    MfaOn {
        pt: "Ativada",
        en: "On",
    }
    MfaOff {
        pt: "Desativada",
        en: "Off",
    }
    MfaExplanation {
        pt: "Além da senha, a entrada pede um código do aplicativo autenticador do seu celular. Assim, uma senha descoberta não basta para entrar na sua conta.",
        en: "Besides the password, signing in asks for a code from the authenticator app on your phone, so a stolen password alone cannot open your account.",
    }
    MfaEnable {
        pt: "Ativar verificação em duas etapas",
        en: "Turn on two-step verification",
    }
    MfaDisable {
        pt: "Desativar verificação em duas etapas",
        en: "Turn off two-step verification",
    }
    ConfirmWithPassword {
        pt: "Confirme com sua senha",
        en: "Confirm with your password",
    }
    ScopeTitle {
        pt: "Empresas vinculadas",
        en: "Linked companies",
    }
    ScopeAll {
        pt: "Você tem acesso a todas as empresas.",
        en: "You have access to every company.",
    }
    ScopeNone {
        pt: "Nenhuma empresa vinculada.",
        en: "No linked companies.",
    }
    MfaEnrollTitle {
        pt: "Configurar verificação em duas etapas",
        en: "Set up two-step verification",
    }
    MfaEnrollLead {
        pt: "Leva um minuto: ligue o Atende ao aplicativo autenticador do seu celular.",
        en: "It takes a minute: connect Atende to the authenticator app on your phone.",
    }
    MfaEnrollRequired {
        pt: "Seu perfil exige a verificação em duas etapas. Configure-a para continuar usando o Atende.",
        en: "Your role requires two-step verification. Set it up to keep using Atende.",
    }
    MfaAlreadyOn {
        pt: "A verificação em duas etapas já está ativada na sua conta.",
        en: "Two-step verification is already on for your account.",
    }
    BackToAccount {
        pt: "Voltar para Minha conta",
        en: "Back to My account",
    }
    MfaStepInstall {
        pt: "Instale um aplicativo autenticador",
        en: "Install an authenticator app",
    }
    MfaStepInstallHint {
        pt: "Por exemplo Google Authenticator, Microsoft Authenticator, 1Password ou Authy.",
        en: "For example Google Authenticator, Microsoft Authenticator, 1Password or Authy.",
    }
    MfaStepScan {
        pt: "Leia o QR code com o aplicativo",
        en: "Scan the QR code with the app",
    }
    MfaQrAlt {
        pt: "QR code para adicionar o Atende ao aplicativo autenticador",
        en: "QR code that adds Atende to the authenticator app",
    }
    MfaManualEntry {
        pt: "Sem câmera? Digite esta chave no aplicativo:",
        en: "No camera? Type this key into the app:",
    }
    MfaOpenInApp {
        pt: "Abrir no aplicativo deste dispositivo",
        en: "Open in an app on this device",
    }
    MfaStepConfirm {
        pt: "Informe o código que o aplicativo mostra",
        en: "Enter the code the app shows",
    }
    MfaActivate {
        pt: "Ativar",
        en: "Turn on",
    }
    MfaEnabledNotice {
        pt: "Verificação em duas etapas ativada.",
        en: "Two-step verification is on.",
    }
    RecoveryCodesTitle {
        pt: "Guarde seus códigos de recuperação",
        en: "Save your recovery codes",
    }
    RecoveryCodesText {
        pt: "Se perder o celular, entre com um destes códigos no lugar do código do aplicativo. Cada um vale uma vez. Eles aparecem só agora: guarde-os em um lugar seguro, como um gerenciador de senhas.",
        en: "If you lose your phone, sign in with one of these codes instead of the app's code. Each works once. They are shown only now: keep them somewhere safe, such as a password manager.",
    }
    RecoveryCodesSaved {
        pt: "Salvei meus códigos",
        en: "I saved my codes",
    }
    UsersTitle {
        pt: "Usuários",
        en: "Users",
    }
    UsersLead {
        pt: "Quem usa o Atende, com o perfil e as empresas de cada um.",
        en: "Who uses Atende, with each person's role and companies.",
    }
    UsersSearchPlaceholder {
        pt: "Nome ou e-mail",
        en: "Name or e-mail",
    }
    UsersEmpty {
        pt: "Nenhum usuário encontrado.",
        en: "No users found.",
    }
    InviteUser {
        pt: "Convidar usuário",
        en: "Invite user",
    }
    InviteUserHint {
        pt: "A pessoa recebe um link para escolher a própria senha. Envie o link por um canal de confiança.",
        en: "The person gets a link to choose their own password. Send the link through a channel you trust.",
    }
    SendInvitation {
        pt: "Criar convite",
        en: "Create invitation",
    }
    LinkedCompanies {
        pt: "Empresas vinculadas",
        en: "Linked companies",
    }
    LinkedCompaniesHint {
        pt: "Vincular uma consultoria inclui todas as empresas clientes dela. Administradores têm acesso a todas as empresas.",
        en: "Linking a consultancy includes all of its client companies. Administrators reach every company.",
    }
    CompaniesNone {
        pt: "Nenhuma empresa cadastrada.",
        en: "No companies yet.",
    }
    UserActiveLabel {
        pt: "Usuário ativo (pode entrar no Atende)",
        en: "Active user (may sign in to Atende)",
    }
    InvitationCreatedTitle {
        pt: "Convite criado",
        en: "Invitation created",
    }
    InvitationCreatedText {
        pt: "Copie o link abaixo e envie à pessoa convidada. Com ele, ela define a senha e ativa a conta.",
        en: "Copy the link below and send it to the invited person. With it they set their password and activate the account.",
    }
    InvitationLink {
        pt: "Link do convite",
        en: "Invitation link",
    }
    ResendInvitation {
        pt: "Gerar novo convite",
        en: "Create a new invitation",
    }
    ResetMfa {
        pt: "Redefinir verificação em duas etapas",
        en: "Reset two-step verification",
    }
    ResetMfaQuestion {
        pt: "A pessoa precisará configurar o aplicativo de novo. Continuar?",
        en: "The person will have to set up the app again. Continue?",
    }
    DeleteUserQuestion {
        pt: "Excluir este usuário? Esta ação não pode ser desfeita.",
        en: "Delete this user? This cannot be undone.",
    }
    CompaniesTitle {
        pt: "Empresas",
        en: "Companies",
    }
    CompaniesLead {
        pt: "Consultorias e as empresas clientes que elas atendem.",
        en: "Consultancies and the client companies they serve.",
    }
    CompaniesSearchPlaceholder {
        pt: "Nome ou CNPJ",
        en: "Name or CNPJ",
    }
    CompaniesEmpty {
        pt: "Nenhuma empresa encontrada.",
        en: "No companies found.",
    }
    NewCompany {
        pt: "Nova empresa",
        en: "New company",
    }
    CompanyKind {
        pt: "Tipo",
        en: "Kind",
    }
    Consultancy {
        pt: "Consultoria",
        en: "Consultancy",
    }
    ConsultancyRequired {
        pt: "Escolha a consultoria que atende esta empresa.",
        en: "Choose the consultancy that serves this company.",
    }
    ClientOf {
        pt: "cliente de",
        en: "client of",
    }
    LegalName {
        pt: "Razão social",
        en: "Legal name",
    }
    LegalNameRequired {
        pt: "Informe a razão social.",
        en: "Enter the legal name.",
    }
    TradeName {
        pt: "Nome fantasia (opcional)",
        en: "Trade name (optional)",
    }
    Cnpj {
        pt: "CNPJ",
        en: "CNPJ",
    }
    CnpjHint {
        pt: "Numérico ou alfanumérico; a pontuação é inserida enquanto você digita.",
        en: "Numeric or alphanumeric; punctuation is added as you type.",
    }
    CnpjLength {
        pt: "O CNPJ tem 14 caracteres.",
        en: "A CNPJ has 14 characters.",
    }
    CnpjCharacter {
        pt: "O CNPJ tem letras ou dígitos nas 12 primeiras posições e dígitos nas 2 últimas.",
        en: "A CNPJ has letters or digits in its first 12 positions and digits in the last 2.",
    }
    CnpjCheckDigits {
        pt: "CNPJ inválido: os dígitos verificadores não conferem.",
        en: "Invalid CNPJ: the check digits do not match.",
    }
    CnpjRepeated {
        pt: "CNPJ inválido: não pode repetir um só dígito.",
        en: "Invalid CNPJ: it cannot repeat a single digit.",
    }
    NoSegment {
        pt: "Sem segmento",
        en: "No segment",
    }
    DeleteCompanyQuestion {
        pt: "Excluir esta empresa? Esta ação não pode ser desfeita.",
        en: "Delete this company? This cannot be undone.",
    }
    CompanyDeleteConflict {
        pt: "Esta empresa não pode ser excluída: ainda tem empresas clientes ou registros vinculados. Você pode desativá-la para que não seja mais usada.",
        en: "This company cannot be deleted: it still has client companies or records. You can deactivate it so it is no longer used.",
    }
    DeactivateInstead {
        pt: "Desativar empresa",
        en: "Deactivate company",
    }
    SegmentsTitle {
        pt: "Segmentos",
        en: "Segments",
    }
    SegmentsLead {
        pt: "Ramos de atividade pelos quais as empresas são agrupadas.",
        en: "Lines of business companies are grouped by.",
    }
    SegmentsEmpty {
        pt: "Nenhum segmento cadastrado.",
        en: "No segments yet.",
    }
    NewSegment {
        pt: "Novo segmento",
        en: "New segment",
    }
    DeleteSegmentQuestion {
        pt: "Excluir este segmento?",
        en: "Delete this segment?",
    }
    PermissionsTitle {
        pt: "Permissões",
        en: "Permissions",
    }
    PermissionsLead {
        pt: "O que cada perfil pode fazer. Revise as alterações e salve-as juntas; elas valem na hora para todas as pessoas do perfil.",
        en: "What each role may do. Review the changes and save them together; they apply at once to everyone with that role.",
    }
    MatrixTitle {
        pt: "Permissões por perfil",
        en: "Permissions by role",
    }
    GrantAll {
        pt: "Pode fazer",
        en: "Allowed",
    }
    GrantLinked {
        pt: "Limitado",
        en: "Limited",
    }
    GrantNone {
        pt: "Não pode",
        en: "Not allowed",
    }
    GrantAllLegend {
        pt: "Pode fazer",
        en: "Allowed",
    }
    GrantNoneLegend {
        pt: "Não pode",
        en: "Not allowed",
    }
    GrantLinkedLegend {
        pt: "Limitado (apenas empresas vinculadas ao usuário)",
        en: "Limited (only the companies linked to the user)",
    }
    MatrixClientNote {
        pt: "Perfis de cliente nunca alcançam empresas além das vinculadas a eles, mesmo com “Pode fazer”.",
        en: "Client roles never reach beyond their linked companies, even with “Allowed”.",
    }
    GrantSaved {
        pt: "Permissão salva",
        en: "Permission saved",
    }
    PermissionsRequired {
        pt: "Escolha pelo menos uma permissão.",
        en: "Choose at least one permission.",
    }
    MfaPolicyTitle {
        pt: "Verificação em duas etapas obrigatória",
        en: "Mandatory two-step verification",
    }
    MfaPolicyLead {
        pt: "Pessoas destes perfis precisam configurar a verificação em duas etapas antes de usar o Atende.",
        en: "People with these roles must set up two-step verification before using Atende.",
    }
    MfaPolicyLegend {
        pt: "Exigir para os perfis",
        en: "Require for the roles",
    }
    MfaPolicySaved {
        pt: "Política salva.",
        en: "Policy saved.",
    }
    ApiTokensTitle {
        pt: "Tokens de API",
        en: "API tokens",
    }
    ApiTokensLead {
        pt: "Credenciais para integrações (CRM, ERP) usarem a API REST do Atende.",
        en: "Credentials for integrations (CRM, ERP) to use Atende's REST API.",
    }
    ApiTokensEmpty {
        pt: "Nenhum token criado.",
        en: "No tokens yet.",
    }
    NewApiToken {
        pt: "Novo token",
        en: "New token",
    }
    ApiTokenNameHint {
        pt: "Para reconhecer o token depois, por exemplo \"Integração ERP\".",
        en: "To recognise the token later, e.g. \"ERP integration\".",
    }
    ApiTokenExpiresHint {
        pt: "Em branco: não expira.",
        en: "Blank: never expires.",
    }
    ApiTokenPermissionsHint {
        pt: "Dê ao token só o que a integração precisa.",
        en: "Give the token only what the integration needs.",
    }
    ApiTokenCompaniesHint {
        pt: "Nenhuma marcada: todas as empresas.",
        en: "None ticked: every company.",
    }
    CreateToken {
        pt: "Criar token",
        en: "Create token",
    }
    ApiTokenCreatedTitle {
        pt: "Token criado",
        en: "Token created",
    }
    ApiTokenShownOnce {
        pt: "Copie o token agora: por segurança, ele não será mostrado novamente.",
        en: "Copy the token now: for safety it will not be shown again.",
    }
    ApiTokenSavedClose {
        pt: "Já copiei o token",
        en: "I copied the token",
    }
    Revoke {
        pt: "Revogar",
        en: "Revoke",
    }
    RevokeQuestion {
        pt: "Revogar este token? As integrações que o usam deixam de funcionar.",
        en: "Revoke this token? Integrations using it stop working.",
    }
    Revoked {
        pt: "Revogado",
        en: "Revoked",
    }
    AuditTitle {
        pt: "Auditoria",
        en: "Audit log",
    }
    AuditLead {
        pt: "Quem fez o quê, e quando. Os registros não podem ser alterados.",
        en: "Who did what, and when. Entries cannot be changed.",
    }
    AuditEmpty {
        pt: "Nenhum registro encontrado.",
        en: "No entries found.",
    }
    AuditWhen {
        pt: "Data e hora",
        en: "Date and time",
    }
    AuditWho {
        pt: "Autor",
        en: "By",
    }
    AuditAction {
        pt: "Ação",
        en: "Action",
    }
    AuditEntity {
        pt: "Registro",
        en: "Record",
    }
    AuditEntityType {
        pt: "Tipo de registro",
        en: "Record type",
    }
    AuditEntityId {
        pt: "ID do registro",
        en: "Record ID",
    }
    AuditActorId {
        pt: "ID do autor",
        en: "Author ID",
    }
    AuditChanges {
        pt: "Alterações",
        en: "Changes",
    }
    AuditBefore {
        pt: "Antes",
        en: "Before",
    }
    AuditAfter {
        pt: "Depois",
        en: "After",
    }
    NavTickets {
        pt: "Chamados",
        en: "Tickets",
    }
    NavMyTickets {
        pt: "Meus chamados",
        en: "My tickets",
    }
    NavWorkspace {
        pt: "Atendimento",
        en: "Support workspace",
    }
    TicketsTitle {
        pt: "Chamados",
        en: "Tickets",
    }
    MyTicketsTitle {
        pt: "Meus chamados",
        en: "My tickets",
    }
    MyTicketsLead {
        pt: "Acompanhe seus chamados, responda à equipe e abra novos pedidos.",
        en: "Follow your tickets, answer the support team and open new requests.",
    }
    Ticket {
        pt: "Chamado",
        en: "Ticket",
    }
    TicketNumber {
        pt: "Número",
        en: "Number",
    }
    Subject {
        pt: "Assunto",
        en: "Subject",
    }
    Priority {
        pt: "Prioridade",
        en: "Priority",
    }
    Channel {
        pt: "Canal",
        en: "Channel",
    }
    Category {
        pt: "Categoria",
        en: "Category",
    }
    Team {
        pt: "Equipe",
        en: "Team",
    }
    Tag {
        pt: "Etiqueta",
        en: "Tag",
    }
    Tags {
        pt: "Etiquetas",
        en: "Tags",
    }
    TagsHint {
        pt: "Separe as etiquetas com vírgulas.",
        en: "Separate tags with commas.",
    }
    Assignee {
        pt: "Responsável",
        en: "Assignee",
    }
    Unassigned {
        pt: "Sem responsável",
        en: "Unassigned",
    }
    Requester {
        pt: "Solicitante",
        en: "Requester",
    }
    RequesterMyself {
        pt: "Eu mesmo (em nome da empresa)",
        en: "Myself (on the company's behalf)",
    }
    Me {
        pt: "eu",
        en: "me",
    }
    UpdatedAt {
        pt: "Atualizado em",
        en: "Updated",
    }
    OpenedAt {
        pt: "aberto em",
        en: "opened",
    }
    NewTicket {
        pt: "Novo chamado",
        en: "New ticket",
    }
    NewTicketLead {
        pt: "Descreva o que precisa; a equipe responde por aqui e você acompanha tudo em Meus chamados.",
        en: "Describe what you need; the team answers here and you follow everything under My tickets.",
    }
    OpenTicketSubmit {
        pt: "Abrir chamado",
        en: "Open ticket",
    }
    OpenTicket {
        pt: "Ver o chamado",
        en: "View the ticket",
    }
    TicketOpened {
        pt: "Chamado aberto. A equipe de atendimento já foi avisada.",
        en: "Ticket opened. The support team has been told.",
    }
    TicketOpenedUploadFailed {
        pt: "O chamado {number} foi aberto, mas alguns anexos não foram enviados:",
        en: "Ticket {number} was opened, but some attachments were not uploaded:",
    }
    Sending {
        pt: "Enviando…",
        en: "Sending…",
    }
    ChooseCompany {
        pt: "Escolha a empresa",
        en: "Choose the company",
    }
    CompanyRequired {
        pt: "Escolha a empresa do chamado.",
        en: "Choose the ticket's company.",
    }
    NoCompanyToOpen {
        pt: "Sua conta não está ligada a nenhuma empresa cliente. Fale com a sua consultoria.",
        en: "Your account is linked to no client company. Talk to your consultancy.",
    }
    SubjectRequired {
        pt: "Informe o assunto.",
        en: "Enter the subject.",
    }
    DescriptionRequired {
        pt: "Descreva o pedido.",
        en: "Describe the request.",
    }
    MarkdownHint {
        pt: "Aceita Markdown: **negrito**, _itálico_, listas e links.",
        en: "Markdown works: **bold**, _italic_, lists and links.",
    }
    NoCategory {
        pt: "Sem categoria",
        en: "No category",
    }
    NoTeam {
        pt: "Sem equipe",
        en: "No team",
    }
    BackToTickets {
        pt: "← Voltar aos chamados",
        en: "← Back to tickets",
    }
    BackToWorkspace {
        pt: "← Voltar ao atendimento",
        en: "← Back to the workspace",
    }
    TicketSummary {
        pt: "Resumo dos chamados",
        en: "Ticket summary",
    }
    KpiOpen {
        pt: "Em aberto",
        en: "Open",
    }
    KpiFinished {
        pt: "Finalizados",
        en: "Finished",
    }
    KpiTotal {
        pt: "Total",
        en: "Total",
    }
    KpiWithinSla {
        pt: "Dentro do SLA",
        en: "Within SLA",
    }
    KpiOutsideSla {
        pt: "Fora do SLA",
        en: "Outside SLA",
    }
    TicketsShown {
        pt: "Chamados exibidos",
        en: "Tickets shown",
    }
    TabOpen {
        pt: "Em aberto",
        en: "Open",
    }
    TabFinished {
        pt: "Finalizados",
        en: "Finished",
    }
    TabAll {
        pt: "Todos",
        en: "All",
    }
    EndClient {
        pt: "Cliente final",
        en: "End client",
    }
    SearchTickets {
        pt: "Buscar chamados",
        en: "Search tickets",
    }
    SearchTicketsPlaceholder {
        pt: "Assunto, descrição ou respostas (acentos não importam)",
        en: "Subject, description or replies (accents do not matter)",
    }
    TicketsEmpty {
        pt: "Nenhum chamado encontrado.",
        en: "No tickets found.",
    }
    TicketDetails {
        pt: "Detalhes do chamado",
        en: "Ticket details",
    }
    Conversation {
        pt: "Conversa",
        en: "Conversation",
    }
    ThreadEmpty {
        pt: "Ainda não há respostas.",
        en: "No replies yet.",
    }
    SystemAuthor {
        pt: "Sistema",
        en: "System",
    }
    InternalNote {
        pt: "Nota interna",
        en: "Internal note",
    }
    PublicReply {
        pt: "Resposta pública",
        en: "Public reply",
    }
    Reply {
        pt: "Responder",
        en: "Reply",
    }
    MessageKind {
        pt: "Tipo de mensagem",
        en: "Kind of message",
    }
    ReplyPlaceholder {
        pt: "Escreva sua resposta…",
        en: "Write your reply…",
    }
    NotePlaceholder {
        pt: "Nota para a equipe; use @ para mencionar um colega…",
        en: "A note for the team; type @ to mention a colleague…",
    }
    ReplyHint {
        pt: "Aceita Markdown. Quem acompanha o chamado verá esta resposta.",
        en: "Markdown works. Everyone following the ticket will see this reply.",
    }
    NoteHint {
        pt: "Visível só para a equipe, nunca para o cliente. Use @ para mencionar e avisar um colega.",
        en: "Seen by the team only, never by the client. Type @ to mention and notify a colleague.",
    }
    MessageRequired {
        pt: "Escreva a mensagem.",
        en: "Write the message.",
    }
    SendReply {
        pt: "Enviar resposta",
        en: "Send reply",
    }
    AddNote {
        pt: "Adicionar nota interna",
        en: "Add internal note",
    }
    MentionColleague {
        pt: "Mencionar colega",
        en: "Mention a colleague",
    }
    CannedResponse {
        pt: "Resposta rápida",
        en: "Canned response",
    }
    CannedResponses {
        pt: "Respostas rápidas",
        en: "Canned responses",
    }
    CannedResponsesLead {
        pt: "Modelos de resposta para o dia a dia, pessoais ou compartilhados com a equipe. O Atende preenche os campos entre chaves para cada chamado.",
        en: "Reply templates for everyday use, personal or shared with the team. Atende fills the fields in braces for each ticket.",
    }
    ChooseCannedResponse {
        pt: "Escolha uma resposta rápida",
        en: "Choose a canned response",
    }
    Insert {
        pt: "Inserir",
        en: "Insert",
    }
    NewCannedResponse {
        pt: "Nova resposta rápida",
        en: "New canned response",
    }
    CannedBody {
        pt: "Texto",
        en: "Text",
    }
    CannedPlaceholders {
        pt: "Campos disponíveis:",
        en: "Available fields:",
    }
    CannedEmpty {
        pt: "Nenhuma resposta rápida ainda.",
        en: "No canned responses yet.",
    }
    CannedUnavailable {
        pt: "Respostas rápidas ainda não estão disponíveis neste servidor.",
        en: "Canned responses are not available on this server yet.",
    }
    DeleteCannedQuestion {
        pt: "Excluir esta resposta rápida?",
        en: "Delete this canned response?",
    }
    Title {
        pt: "Título",
        en: "Title",
    }
    TitleRequired {
        pt: "Informe o título.",
        en: "Enter the title.",
    }
    Attachments {
        pt: "Anexos",
        en: "Attachments",
    }
    AttachmentsEmpty {
        pt: "Nenhum anexo.",
        en: "No attachments.",
    }
    AttachFiles {
        pt: "Anexar arquivos",
        en: "Attach files",
    }
    UploadFailed {
        pt: "A mensagem foi enviada, mas alguns anexos não:",
        en: "The message was sent, but some attachments were not:",
    }
    Reopen {
        pt: "Reabrir chamado",
        en: "Reopen ticket",
    }
    ReopenTitle {
        pt: "O problema voltou?",
        en: "Did the problem come back?",
    }
    ReopenHint {
        pt: "Você pode reabrir um chamado resolvido em até 7 dias, dizendo o motivo.",
        en: "You can reopen a solved ticket within 7 days, saying why.",
    }
    ReopenReason {
        pt: "Motivo",
        en: "Reason",
    }
    ReopenReasonRequired {
        pt: "Diga por que o chamado deve ser reaberto.",
        en: "Say why the ticket should be reopened.",
    }
    MarkSolved {
        pt: "Marcar como resolvido",
        en: "Mark as solved",
    }
    MarkSolvedTitle {
        pt: "O problema foi resolvido?",
        en: "Is the problem solved?",
    }
    MarkSolvedHint {
        pt: "Se não precisa de mais nada, marque o chamado como resolvido. Você ainda pode reabri-lo em até 7 dias.",
        en: "If you need nothing else, mark the ticket as solved. You can still reopen it within 7 days.",
    }
    MarkedSolved {
        pt: "Chamado marcado como resolvido.",
        en: "Ticket marked as solved.",
    }
    TicketClosedNoReply {
        pt: "Este chamado está fechado. Para continuar o assunto, abra um novo chamado.",
        en: "This ticket is closed. To follow up, open a new ticket.",
    }
    TicketConflict {
        pt: "Este chamado foi alterado por outra pessoa enquanto você trabalhava nele. Mostramos a versão atual; confira e aplique sua alteração de novo.",
        en: "Someone else changed this ticket while you were working on it. The current version is shown; check it and apply your change again.",
    }
    TicketConflictBy {
        pt: "{name} alterou este chamado enquanto você trabalhava nele. Mostramos a versão atual; confira e aplique sua alteração de novo.",
        en: "{name} changed this ticket while you were working on it. The current version is shown; check it and apply your change again.",
    }
    Timeline {
        pt: "Histórico",
        en: "History",
    }
    SomeoneElse {
        pt: "outra pessoa",
        en: "someone else",
    }
    Unnamed {
        pt: "(sem nome)",
        en: "(unnamed)",
    }
    EventCreated {
        pt: "{actor} abriu o chamado ({to})",
        en: "{actor} opened the ticket ({to})",
    }
    EventStatusChanged {
        pt: "{actor} mudou a situação de {from} para {to}",
        en: "{actor} changed the status from {from} to {to}",
    }
    EventPriorityChanged {
        pt: "{actor} mudou a prioridade de {from} para {to}",
        en: "{actor} changed the priority from {from} to {to}",
    }
    EventAssigned {
        pt: "{actor} atribuiu o chamado a {to}",
        en: "{actor} assigned the ticket to {to}",
    }
    EventAssignedAutomatically {
        pt: "Atribuído automaticamente a {to}",
        en: "Assigned automatically to {to}",
    }
    EventUnassigned {
        pt: "{actor} removeu o responsável",
        en: "{actor} removed the assignee",
    }
    EventTeamChanged {
        pt: "{actor} mudou a equipe para {to}",
        en: "{actor} moved the ticket to team {to}",
    }
    EventTeamCleared {
        pt: "{actor} removeu a equipe",
        en: "{actor} removed the team",
    }
    EventCategoryChanged {
        pt: "{actor} mudou a categoria para {to}",
        en: "{actor} changed the category to {to}",
    }
    EventCategoryCleared {
        pt: "{actor} removeu a categoria",
        en: "{actor} removed the category",
    }
    EventTagsChanged {
        pt: "{actor} alterou as etiquetas: {to}",
        en: "{actor} changed the tags: {to}",
    }
    EventTagsCleared {
        pt: "{actor} removeu as etiquetas",
        en: "{actor} removed the tags",
    }
    EventSubjectChanged {
        pt: "{actor} alterou o assunto para “{to}”",
        en: "{actor} changed the subject to “{to}”",
    }
    EventReplied {
        pt: "{actor} respondeu",
        en: "{actor} replied",
    }
    EventNoted {
        pt: "{actor} adicionou uma nota interna",
        en: "{actor} added an internal note",
    }
    EventReopened {
        pt: "{actor} reabriu o chamado: {to}",
        en: "{actor} reopened the ticket: {to}",
    }
    EventOther {
        pt: "{actor}: {to}",
        en: "{actor}: {to}",
    }
    NotificationsTitle {
        pt: "Notificações",
        en: "Notifications",
    }
    NotificationsNone {
        pt: "Notificações: nenhuma nova",
        en: "Notifications: none new",
    }
    NotificationsUnread {
        pt: "Notificações: {n} não lidas",
        en: "Notifications: {n} unread",
    }
    NotificationsReadAll {
        pt: "Marcar todas como lidas",
        en: "Mark all as read",
    }
    NotificationsMarkRead {
        pt: "Marcar como lida",
        en: "Mark as read",
    }
    NotificationsEmpty {
        pt: "Nenhuma notificação.",
        en: "No notifications.",
    }
    NotificationAssigned {
        pt: "Chamado {number} atribuído a você: {subject}",
        en: "Ticket {number} was assigned to you: {subject}",
    }
    NotificationMentioned {
        pt: "{actor} mencionou você em {number}: {subject}",
        en: "{actor} mentioned you in {number}: {subject}",
    }
    NotificationReopened {
        pt: "Chamado {number} reaberto: {subject}",
        en: "Ticket {number} was reopened: {subject}",
    }
    NotificationReplied {
        pt: "Nova resposta em {number}: {subject}",
        en: "New reply on {number}: {subject}",
    }
    NotificationOther {
        pt: "Novidade em {number}: {subject}",
        en: "Update on {number}: {subject}",
    }
    WorkspaceTitle {
        pt: "Atendimento",
        en: "Support workspace",
    }
    WorkspaceLead {
        pt: "Os chamados das empresas que você atende, no quadro ou em lista.",
        en: "The tickets of the companies you serve, on the board or as a list.",
    }
    WorkspaceViews {
        pt: "Visualização",
        en: "View",
    }
    BoardView {
        pt: "Quadro",
        en: "Board",
    }
    ListView {
        pt: "Lista",
        en: "List",
    }
    BoardColumnEmpty {
        pt: "Nenhum chamado.",
        en: "No tickets.",
    }
    MoveTo {
        pt: "Mover para…",
        en: "Move to…",
    }
    MoveTicketTo {
        pt: "Mover o chamado {number} para…",
        en: "Move ticket {number} to…",
    }
    MovedTo {
        pt: "Chamado {number} movido para “{status}”.",
        en: "Ticket {number} moved to “{status}”.",
    }
    MoveNotAllowed {
        pt: "Um chamado “{from}” não pode ir para “{to}”.",
        en: "A ticket that is “{from}” cannot go to “{to}”.",
    }
    AnyAssignee {
        pt: "Qualquer responsável",
        en: "Any assignee",
    }
    AnyTeam {
        pt: "Qualquer equipe",
        en: "Any team",
    }
    AnyCategory {
        pt: "Qualquer categoria",
        en: "Any category",
    }
    AnyConsultancy {
        pt: "Qualquer consultoria",
        en: "Any consultancy",
    }
    AnyChannel {
        pt: "Qualquer canal",
        en: "Any channel",
    }
    MoreFilters {
        pt: "Mais filtros",
        en: "More filters",
    }
    FewerFilters {
        pt: "Menos filtros",
        en: "Fewer filters",
    }
    CreatedFrom {
        pt: "Criado de",
        en: "Created from",
    }
    CreatedTo {
        pt: "Criado até",
        en: "Created until",
    }
    SortBy {
        pt: "Ordenar por",
        en: "Sort by",
    }
    SortUpdatedDesc {
        pt: "Atualizados recentemente",
        en: "Recently updated",
    }
    SortUpdatedAsc {
        pt: "Atualizados há mais tempo",
        en: "Least recently updated",
    }
    SortCreatedDesc {
        pt: "Mais novos",
        en: "Newest",
    }
    SortCreatedAsc {
        pt: "Mais antigos",
        en: "Oldest",
    }
    SortNumberDesc {
        pt: "Número (maior primeiro)",
        en: "Number (highest first)",
    }
    SortNumberAsc {
        pt: "Número (menor primeiro)",
        en: "Number (lowest first)",
    }
    SavedViews {
        pt: "Visões salvas",
        en: "Saved views",
    }
    ChooseSavedView {
        pt: "Escolha uma visão…",
        en: "Choose a view…",
    }
    MyViews {
        pt: "Minhas visões",
        en: "My views",
    }
    SharedViews {
        pt: "Da equipe",
        en: "The team's",
    }
    SharedView {
        pt: "compartilhada",
        en: "shared",
    }
    PersonalView {
        pt: "pessoal",
        en: "personal",
    }
    SaveView {
        pt: "Salvar visão",
        en: "Save view",
    }
    ViewName {
        pt: "Nome da visão",
        en: "View name",
    }
    ShareWithTeam {
        pt: "Compartilhar com a equipe",
        en: "Share with the team",
    }
    DeleteViewQuestion {
        pt: "Excluir esta visão?",
        en: "Delete this view?",
    }
    SelectAllOnPage {
        pt: "Selecionar todos desta página",
        en: "Select all on this page",
    }
    SelectTicket {
        pt: "Selecionar o chamado {number}",
        en: "Select ticket {number}",
    }
    BulkSelected {
        pt: "{n} selecionado(s)",
        en: "{n} selected",
    }
    KeepAsIs {
        pt: "Manter",
        en: "Keep",
    }
    ApplyToSelected {
        pt: "Aplicar aos selecionados",
        en: "Apply to selected",
    }
    ClearSelection {
        pt: "Limpar seleção",
        en: "Clear selection",
    }
    BulkNothingChosen {
        pt: "Escolha o que alterar: situação, prioridade ou responsável.",
        en: "Choose what to change: status, priority or assignee.",
    }
    BulkUpdated {
        pt: "{n} chamado(s) atualizado(s).",
        en: "{n} ticket(s) updated.",
    }
    NavCalendars {
        pt: "Calendários",
        en: "Calendars",
    }
    NavSlaPolicies {
        pt: "Políticas de SLA",
        en: "SLA policies",
    }
    NavReports {
        pt: "Relatório de SLA",
        en: "SLA report",
    }
    NavNotificationPreferences {
        pt: "Notificações",
        en: "Notifications",
    }
    NotificationPreferencesLink {
        pt: "Preferências de notificação",
        en: "Notification preferences",
    }
    Sla {
        pt: "SLA",
        en: "SLA",
    }
    SlaDue {
        pt: "vence {when}",
        en: "due {when}",
    }
    SlaWasDue {
        pt: "venceu {when}",
        en: "was due {when}",
    }
    SlaBadgeLabel {
        pt: "SLA: {state}",
        en: "SLA: {state}",
    }
    CalendarsTitle {
        pt: "Calendários de atendimento",
        en: "Business calendars",
    }
    CalendarsLead {
        pt: "Horário de atendimento, fuso horário e feriados: os prazos de SLA só correm dentro deles.",
        en: "Business hours, time zone and holidays: SLA deadlines only run within them.",
    }
    CalendarsEmpty {
        pt: "Nenhum calendário cadastrado. Crie um para definir o horário de atendimento.",
        en: "No calendars yet. Create one to set the business hours.",
    }
    NewCalendar {
        pt: "Novo calendário",
        en: "New calendar",
    }
    EditCalendar {
        pt: "Editar calendário",
        en: "Edit calendar",
    }
    DefaultCalendar {
        pt: "Padrão",
        en: "Default",
    }
    DefaultCalendarLabel {
        pt: "Calendário padrão (sugerido nas novas políticas)",
        en: "Default calendar (suggested for new policies)",
    }
    WeeklyHours {
        pt: "Horário semanal",
        en: "Weekly hours",
    }
    WeeklyHoursHint {
        pt: "Um ou mais intervalos por dia, no formato HH:MM (24:00 é o fim do dia). Dias sem intervalo não contam para o SLA.",
        en: "One or more intervals a day, as HH:MM (24:00 is the end of the day). Days without intervals do not count for the SLA.",
    }
    Closed {
        pt: "Fechado",
        en: "Closed",
    }
    IntervalStart {
        pt: "Início do intervalo {n} de {day}",
        en: "Start of interval {n} on {day}",
    }
    IntervalEnd {
        pt: "Fim do intervalo {n} de {day}",
        en: "End of interval {n} on {day}",
    }
    IntervalRemove {
        pt: "Remover o intervalo {n} de {day}",
        en: "Remove interval {n} on {day}",
    }
    IntervalTo {
        pt: "às",
        en: "to",
    }
    AddInterval {
        pt: "+ Intervalo",
        en: "+ Interval",
    }
    AddIntervalTo {
        pt: "Adicionar intervalo em {day}",
        en: "Add an interval on {day}",
    }
    CopyToAllDays {
        pt: "Copiar para todos os dias",
        en: "Copy to every day",
    }
    CopyDayToAll {
        pt: "Copiar o horário de {day} para todos os dias",
        en: "Copy {day}'s hours to every day",
    }
    Presets {
        pt: "Modelos",
        en: "Templates",
    }
    PresetOffice {
        pt: "Comercial (seg–sex, 08–12 e 13–18)",
        en: "Office (Mon–Fri, 08–12 and 13–18)",
    }
    PresetAlways {
        pt: "24 horas, todos os dias",
        en: "24 hours, every day",
    }
    EveryDay {
        pt: "todos os dias",
        en: "every day",
    }
    Holidays {
        pt: "Feriados",
        en: "Holidays",
    }
    NationalHolidays {
        pt: "Feriados nacionais",
        en: "National holidays",
    }
    NationalHolidaysHint {
        pt: "Datas fixas e as móveis (Sexta-feira Santa e Corpus Christi), calculadas a partir da Páscoa.",
        en: "Fixed dates and the movable ones (Good Friday and Corpus Christi), computed from Easter.",
    }
    CarnivalOption {
        pt: "Carnaval (segunda e terça, ponto facultativo)",
        en: "Carnival (Monday and Tuesday, optional day off)",
    }
    StateHolidays {
        pt: "Feriados estaduais",
        en: "State holidays",
    }
    CustomHolidays {
        pt: "Datas específicas",
        en: "Specific dates",
    }
    CustomHolidaysHint {
        pt: "Feriados municipais, recessos e emendas da empresa.",
        en: "Municipal holidays, company closures and bridge days.",
    }
    AddDate {
        pt: "Adicionar data",
        en: "Add date",
    }
    RemoveDate {
        pt: "Remover {date}",
        en: "Remove {date}",
    }
    NoCustomDates {
        pt: "Nenhuma data específica.",
        en: "No specific dates.",
    }
    DateRequired {
        pt: "Escolha uma data.",
        en: "Choose a date.",
    }
    HolidaysNone {
        pt: "Sem feriados",
        en: "No holidays",
    }
    CustomDatesCount {
        pt: "{n} data(s) específica(s)",
        en: "{n} specific date(s)",
    }
    TimeInvalid {
        pt: "{day}: “{value}” não é um horário HH:MM entre 00:00 e 24:00.",
        en: "{day}: “{value}” is not a time HH:MM between 00:00 and 24:00.",
    }
    IntervalInvalid {
        pt: "{day}: o intervalo {start}–{end} termina antes de começar ou se sobrepõe a outro.",
        en: "{day}: the interval {start}–{end} ends before it starts or overlaps another.",
    }
    WeekWithoutHours {
        pt: "Defina o horário de pelo menos um dia.",
        en: "Set the hours of at least one day.",
    }
    SlaPoliciesTitle {
        pt: "Políticas de SLA",
        en: "SLA policies",
    }
    SlaPoliciesLead {
        pt: "Vale a primeira política, de cima para baixo, cujas condições o chamado atende. Os prazos contam só o horário de atendimento do calendário escolhido.",
        en: "The first policy from the top whose conditions a ticket meets applies. Deadlines count only the business hours of the chosen calendar.",
    }
    SlaPoliciesEmpty {
        pt: "Nenhuma política de SLA. Sem política, os chamados não têm prazo.",
        en: "No SLA policies. Without one, tickets have no deadline.",
    }
    NewSlaPolicy {
        pt: "Nova política",
        en: "New policy",
    }
    EditSlaPolicy {
        pt: "Editar política",
        en: "Edit policy",
    }
    SlaPolicyEditHint {
        pt: "Ao salvar, a política é substituída por uma nova na mesma posição; chamados já abertos mantêm os prazos que têm.",
        en: "Saving replaces the policy with a new one in the same place; tickets already open keep their deadlines.",
    }
    NeedCalendarFirst {
        pt: "Cadastre um calendário de atendimento antes de criar políticas.",
        en: "Create a business calendar before creating policies.",
    }
    Calendar {
        pt: "Calendário",
        en: "Calendar",
    }
    CalendarRequired {
        pt: "Escolha o calendário.",
        en: "Choose the calendar.",
    }
    Conditions {
        pt: "Condições",
        en: "Conditions",
    }
    ConditionsHint {
        pt: "Um grupo sem nada marcado aceita qualquer valor. Sem nenhuma condição, a política vale para todos os chamados.",
        en: "A group with nothing ticked accepts any value. With no conditions the policy applies to every ticket.",
    }
    AnyTicket {
        pt: "Todos os chamados",
        en: "Every ticket",
    }
    ClientCompanies {
        pt: "Empresas clientes",
        en: "Client companies",
    }
    Consultancies {
        pt: "Consultorias",
        en: "Consultancies",
    }
    Categories {
        pt: "Categorias",
        en: "Categories",
    }
    Priorities {
        pt: "Prioridades",
        en: "Priorities",
    }
    NoneToChoose {
        pt: "Nada para escolher.",
        en: "Nothing to choose.",
    }
    Targets {
        pt: "Prazos",
        en: "Targets",
    }
    TargetsHint {
        pt: "Em tempo útil: horas e minutos dentro do horário de atendimento. Informe pelo menos um prazo.",
        en: "In business time: hours and minutes within the business hours. Set at least one target.",
    }
    Hours {
        pt: "Horas",
        en: "Hours",
    }
    Minutes {
        pt: "Minutos",
        en: "Minutes",
    }
    TargetOf {
        pt: "{target}: {duration}",
        en: "{target}: {duration}",
    }
    WarnPercent {
        pt: "Alertar ao atingir (% do prazo)",
        en: "Warn at (% of the target)",
    }
    WarnPercentHint {
        pt: "Quem atende o chamado é avisado quando essa parte do prazo já passou (padrão: 80%).",
        en: "Whoever works the ticket is warned once this share of the target has passed (default: 80%).",
    }
    WarnPercentInvalid {
        pt: "O alerta deve ficar entre 1% e 99% do prazo.",
        en: "The warning must be between 1% and 99% of the target.",
    }
    TargetRequired {
        pt: "Informe pelo menos o prazo de primeira resposta ou o de resolução.",
        en: "Set at least the first-response or the resolution target.",
    }
    TargetInvalid {
        pt: "Use horas e minutos inteiros; cada prazo vai de 1 minuto a 1 ano.",
        en: "Use whole hours and minutes; each target goes from 1 minute to 1 year.",
    }
    WarnsAt {
        pt: "alerta em {n}%",
        en: "warns at {n}%",
    }
    Escalation {
        pt: "Ao violar o prazo",
        en: "When a target is breached",
    }
    EscalationHint {
        pt: "O responsável (ou, sem responsável, os supervisores da empresa) é sempre avisado.",
        en: "The assignee (or, when unassigned, the company's supervisors) is always told.",
    }
    NotifySupervisors {
        pt: "Avisar também os supervisores da empresa",
        en: "Also notify the company's supervisors",
    }
    RaisePriority {
        pt: "Subir a prioridade um nível",
        en: "Raise the priority one level",
    }
    ReassignTo {
        pt: "Reatribuir a",
        en: "Reassign to",
    }
    NoReassign {
        pt: "Não reatribuir",
        en: "Do not reassign",
    }
    EscalationNone {
        pt: "só avisa",
        en: "only tells",
    }
    EscalationReassign {
        pt: "reatribui a {name}",
        en: "reassigns to {name}",
    }
    MoveUp {
        pt: "Subir",
        en: "Move up",
    }
    MoveDown {
        pt: "Descer",
        en: "Move down",
    }
    MovePolicyUp {
        pt: "Subir a política {name}",
        en: "Move policy {name} up",
    }
    MovePolicyDown {
        pt: "Descer a política {name}",
        en: "Move policy {name} down",
    }
    DeleteSlaPolicyQuestion {
        pt: "Excluir esta política? Chamados já abertos mantêm os prazos que têm.",
        en: "Delete this policy? Tickets already open keep their deadlines.",
    }
    SlaPolicy {
        pt: "Política",
        en: "Policy",
    }
    SlaNone {
        pt: "Nenhuma política de SLA vale para este chamado.",
        en: "No SLA policy applies to this ticket.",
    }
    SlaTargetMinutes {
        pt: "Meta: {duration}",
        en: "Target: {duration}",
    }
    SlaDueAt {
        pt: "Vence em {when}",
        en: "Due {when}",
    }
    SlaRemaining {
        pt: "Faltam {duration}",
        en: "{duration} left",
    }
    SlaOverdue {
        pt: "Atrasado há {duration}",
        en: "{duration} overdue",
    }
    SlaElapsed {
        pt: "Decorrido: {duration}",
        en: "Elapsed: {duration}",
    }
    SlaMetAt {
        pt: "Cumprido em {when}",
        en: "Met on {when}",
    }
    SlaClock {
        pt: "Relógio do SLA",
        en: "SLA clock",
    }
    SlaRunningSince {
        pt: "Correndo desde {from} ({reason})",
        en: "Running since {from} ({reason})",
    }
    SlaRunningBetween {
        pt: "Correu de {from} a {to} ({reason})",
        en: "Ran from {from} to {to} ({reason})",
    }
    SlaPausedSince {
        pt: "Pausado desde {from} ({reason})",
        en: "Paused since {from} ({reason})",
    }
    SlaPausedBetween {
        pt: "Pausado de {from} a {to} ({reason})",
        en: "Paused from {from} to {to} ({reason})",
    }
    SlaBusinessTime {
        pt: "Tempos contados no horário de atendimento.",
        en: "Times counted in business hours.",
    }
    EventSlaWarning {
        pt: "{actor}: SLA em risco ({to})",
        en: "{actor}: SLA at risk ({to})",
    }
    EventSlaBreach {
        pt: "{actor}: SLA violado ({to})",
        en: "{actor}: SLA breached ({to})",
    }
    EventEscalated {
        pt: "{actor} escalou o chamado",
        en: "{actor} escalated the ticket",
    }
    NotificationSlaWarning {
        pt: "SLA em risco em {number} ({target}): {subject}",
        en: "SLA at risk on {number} ({target}): {subject}",
    }
    NotificationSlaBreach {
        pt: "SLA violado em {number} ({target}): {subject}",
        en: "SLA breached on {number} ({target}): {subject}",
    }
    NotificationCreated {
        pt: "Novo chamado {number}: {subject}",
        en: "New ticket {number}: {subject}",
    }
    NotificationPrefsTitle {
        pt: "Preferências de notificação",
        en: "Notification preferences",
    }
    NotificationPrefsLead {
        pt: "Para cada acontecimento, escolha se quer ser avisado por e-mail e aqui no Atende, no sino.",
        en: "For each event, choose whether to be told by e-mail and here in Atende, on the bell.",
    }
    PrefEvent {
        pt: "Acontecimento",
        en: "Event",
    }
    PrefEmail {
        pt: "E-mail",
        en: "E-mail",
    }
    PrefInApp {
        pt: "No Atende",
        en: "In Atende",
    }
    PrefToggle {
        pt: "{channel}: {event}",
        en: "{channel}: {event}",
    }
    PrefsSaved {
        pt: "Preferências salvas.",
        en: "Preferences saved.",
    }
    SlaReportTitle {
        pt: "Relatório de SLA",
        en: "SLA report",
    }
    SlaReportLead {
        pt: "Prazos cumpridos e violados e tempos médios de atendimento dos chamados abertos no período.",
        en: "Targets met and breached and average handling times of the tickets opened in the period.",
    }
    GroupBy {
        pt: "Agrupar por",
        en: "Group by",
    }
    Update {
        pt: "Atualizar",
        en: "Update",
    }
    ReportUnavailable {
        pt: "O relatório de SLA ainda não está disponível neste servidor.",
        en: "The SLA report is not available on this server yet.",
    }
    ReportEmpty {
        pt: "Nenhum chamado aberto no período.",
        en: "No tickets opened in the period.",
    }
    ReportTickets {
        pt: "Chamados",
        en: "Tickets",
    }
    ReportMet {
        pt: "Cumpridos",
        en: "Met",
    }
    ReportBreached {
        pt: "Violados",
        en: "Breached",
    }
    ReportInProgress {
        pt: "Em andamento",
        en: "In progress",
    }
    ReportMetPercent {
        pt: "No prazo",
        en: "On time",
    }
    ReportAvgFirstResponse {
        pt: "1ª resposta (média)",
        en: "First response (avg.)",
    }
    ReportAvgResolution {
        pt: "Resolução (média)",
        en: "Resolution (avg.)",
    }
    ReportBusiness {
        pt: "útil",
        en: "business",
    }
    ReportCalendarTime {
        pt: "corrido",
        en: "calendar",
    }
    ReportChartMet {
        pt: "Cumpridos × violados",
        en: "Met vs breached",
    }
    ReportChartTimes {
        pt: "Tempo médio em horário útil",
        en: "Average time in business hours",
    }
    ReportNoneGroup {
        pt: "(nenhum)",
        en: "(none)",
    }
    ReportTotal {
        pt: "Total",
        en: "Total",
    }
    ReportBarMet {
        pt: "{label}: {met} cumprido(s), {breached} violado(s), {progress} em andamento",
        en: "{label}: {met} met, {breached} breached, {progress} in progress",
    }
    ReportBarTimes {
        pt: "{label}: 1ª resposta {first}, resolução {resolution}",
        en: "{label}: first response {first}, resolution {resolution}",
    }
    PeriodInvalid {
        pt: "A data inicial deve vir antes da final.",
        en: "The start date must come before the end date.",
    }
    Period {
        pt: "Período",
        en: "Period",
    }
    NavPending {
        pt: "Pendências",
        en: "Pending items",
    }
    NavPendingList {
        pt: "Lista de pendências",
        en: "Pending item list",
    }
    NavPendingDashboards {
        pt: "Painel",
        en: "Dashboard",
    }
    NavPendingApproval {
        pt: "Aprovação",
        en: "Approval",
    }
    NavPendingSegments {
        pt: "Por segmento",
        en: "By segment",
    }
    PendingTitle {
        pt: "Pendências",
        en: "Pending items",
    }
    PendingItem {
        pt: "Pendência",
        en: "Pending item",
    }
    PendingLead {
        pt: "As pendências das empresas que você atende, da criação à resolução.",
        en: "The pending items of the companies you serve, from creation to resolution.",
    }
    PendingLeadClient {
        pt: "O que a consultoria precisa de você: responda e anexe os documentos pedidos.",
        en: "What the consultancy needs from you: answer and attach the documents asked for.",
    }
    PendingNew {
        pt: "Nova pendência",
        en: "New pending item",
    }
    PendingNewLead {
        pt: "Registre o que a empresa cliente precisa resolver. Salve como rascunho ou envie direto para aprovação do supervisor.",
        en: "Record what the client company must resolve. Save it as a draft or send it straight to the supervisor for approval.",
    }
    PendingSegmentsOpen {
        pt: "Acessar segmentos",
        en: "Open segments",
    }
    PendingSegmentsTitle {
        pt: "Pendências por segmento",
        en: "Pending items by segment",
    }
    PendingSegmentsLead {
        pt: "Escolha um segmento para ver as pendências das empresas dele.",
        en: "Pick a segment to see the pending items of its companies.",
    }
    PendingWithoutSegment {
        pt: "{n} pendência(s) de empresas sem segmento.",
        en: "{n} pending item(s) of companies without a segment.",
    }
    PendingAllSegments {
        pt: "Todos os segmentos",
        en: "All segments",
    }
    PendingBySegmentShown {
        pt: "Vendo por segmento: {segment}",
        en: "Viewing by segment: {segment}",
    }
    PendingSearchPlaceholder {
        pt: "Título, nº do documento ou PEN-000123",
        en: "Title, document number or PEN-000123",
    }
    PendingMine {
        pt: "Minhas",
        en: "Mine",
    }
    PendingShowResolved {
        pt: "Ver resolvidas",
        en: "Show resolved",
    }
    PendingFromImport {
        pt: "Mostrando os itens criados por uma importação de planilha.",
        en: "Showing the items a spreadsheet import created.",
    }
    PendingEmpty {
        pt: "Nenhuma pendência encontrada.",
        en: "No pending items found.",
    }
    PendingNumber {
        pt: "Número",
        en: "Number",
    }
    PendingDueDate {
        pt: "Vencimento",
        en: "Due date",
    }
    PendingAmount {
        pt: "Valor",
        en: "Amount",
    }
    PendingAmountLabel {
        pt: "Valor (R$)",
        en: "Amount (R$)",
    }
    PendingAmountHint {
        pt: "Como no Brasil: 1.234,56",
        en: "The Brazilian way: 1.234,56",
    }
    PendingDateHint {
        pt: "dd/mm/aaaa",
        en: "dd/mm/yyyy",
    }
    PendingDocumentNumber {
        pt: "Nº do documento",
        en: "Document number",
    }
    PendingReferenceDate {
        pt: "Data de referência",
        en: "Reference date",
    }
    PendingOperator {
        pt: "Operador",
        en: "Agent",
    }
    PendingApprover {
        pt: "Aprovador",
        en: "Approver",
    }
    PendingSubmittedAt {
        pt: "Enviada para aprovação em",
        en: "Sent for approval on",
    }
    PendingApprovedAt {
        pt: "Aprovada em",
        en: "Approved on",
    }
    PendingAnsweredAt {
        pt: "Respondida em",
        en: "Answered on",
    }
    PendingResolvedAt {
        pt: "Resolvida em",
        en: "Resolved on",
    }
    PendingOverdue {
        pt: "Vencida",
        en: "Overdue",
    }
    PendingSelect {
        pt: "Selecionar a pendência {number}",
        en: "Select pending item {number}",
    }
    PendingBulkDone {
        pt: "{n} pendência(s) atualizada(s).",
        en: "{n} pending item(s) updated.",
    }
    PendingBulkFailed {
        pt: "{n} não puderam ser alteradas:",
        en: "{n} could not be changed:",
    }
    PendingSaveDraft {
        pt: "Salvar rascunho",
        en: "Save draft",
    }
    PendingBackToList {
        pt: "← Voltar às pendências",
        en: "← Back to pending items",
    }
    PendingBackToApproval {
        pt: "← Voltar à fila de aprovação",
        en: "← Back to the approval queue",
    }
    PendingCreated {
        pt: "Pendência registrada.",
        en: "Pending item recorded.",
    }
    PendingSaved {
        pt: "Alterações salvas.",
        en: "Changes saved.",
    }
    PendingStepDone {
        pt: "Feito: {step}.",
        en: "Done: {step}.",
    }
    PendingStepRefused {
        pt: "Não foi possível concluir o passo; a pendência foi recarregada.",
        en: "The step could not be taken; the pending item was reloaded.",
    }
    PendingConflict {
        pt: "Outra pessoa alterou esta pendência enquanto você editava. Os dados atuais foram carregados: revise e edite novamente.",
        en: "Someone else changed this pending item while you were editing. The current data was loaded: check it and edit again.",
    }
    PendingDetails {
        pt: "Dados da pendência",
        en: "Pending item details",
    }
    PendingNoActions {
        pt: "Nenhuma ação disponível para você nesta etapa.",
        en: "No action is available to you at this stage.",
    }
    PendingNoDescription {
        pt: "Sem descrição.",
        en: "No description.",
    }
    PendingRefusalReason {
        pt: "Motivo da recusa",
        en: "Reason for refusal",
    }
    PendingRefusalReasonAll {
        pt: "Motivo da recusa (o mesmo para todas as selecionadas)",
        en: "Reason for refusal (the same for all selected)",
    }
    PendingRefuseTitle {
        pt: "Recusar pendência",
        en: "Refuse pending item",
    }
    PendingRefuseHint {
        pt: "O operador lê este motivo para corrigir a pendência: seja claro.",
        en: "The agent reads this reason to fix the item: be clear.",
    }
    PendingRefuseReasonRequired {
        pt: "Informe o motivo da recusa.",
        en: "Give the reason for the refusal.",
    }
    PendingEditTitle {
        pt: "Editar pendência",
        en: "Edit pending item",
    }
    PendingAnswers {
        pt: "Respostas",
        en: "Answers",
    }
    PendingNoAnswers {
        pt: "Ainda não há respostas.",
        en: "No answers yet.",
    }
    PendingAnswerPlaceholder {
        pt: "Escreva a resposta e anexe os documentos pedidos…",
        en: "Write the answer and attach the documents asked for…",
    }
    PendingHistory {
        pt: "Histórico",
        en: "History",
    }
    PendingEventCreated {
        pt: "{actor} criou a pendência ({status})",
        en: "{actor} created the pending item ({status})",
    }
    PendingEventImported {
        pt: "{actor} criou a pendência por importação de planilha ({status})",
        en: "{actor} created the pending item by spreadsheet import ({status})",
    }
    PendingEventEdited {
        pt: "{actor} editou a pendência",
        en: "{actor} edited the pending item",
    }
    PendingEventSubmitted {
        pt: "{actor} enviou para aprovação",
        en: "{actor} sent it for approval",
    }
    PendingEventApproved {
        pt: "{actor} aprovou",
        en: "{actor} approved it",
    }
    PendingEventRefused {
        pt: "{actor} recusou: {reason}",
        en: "{actor} refused it: {reason}",
    }
    PendingEventAnswered {
        pt: "{actor} respondeu",
        en: "{actor} answered",
    }
    PendingEventStarted {
        pt: "{actor} iniciou o tratamento",
        en: "{actor} started processing it",
    }
    PendingEventReturnedToClient {
        pt: "{actor} devolveu ao cliente",
        en: "{actor} returned it to the client",
    }
    PendingEventReturnedToDraft {
        pt: "{actor} voltou para rascunho",
        en: "{actor} took it back to draft",
    }
    PendingEventResolved {
        pt: "{actor} marcou como resolvida",
        en: "{actor} marked it resolved",
    }
    PendingEventAttachmentAdded {
        pt: "{actor} anexou {file}",
        en: "{actor} attached {file}",
    }
    PendingOnlyOverdue {
        pt: "Somente vencidas",
        en: "Overdue only",
    }
    PendingEventOther {
        pt: "{actor}: {kind}",
        en: "{actor}: {kind}",
    }
    PendingNotificationSubmitted {
        pt: "{actor} enviou a pendência {number} “{title}” para aprovação",
        en: "{actor} sent pending item {number} “{title}” for approval",
    }
    PendingNotificationAwaitingClient {
        pt: "A pendência {number} “{title}” aguarda a sua resposta",
        en: "Pending item {number} “{title}” awaits your answer",
    }
    PendingNotificationRefused {
        pt: "{actor} recusou a pendência {number} “{title}”",
        en: "{actor} refused pending item {number} “{title}”",
    }
    PendingNotificationAnswered {
        pt: "{actor} respondeu à pendência {number} “{title}”",
        en: "{actor} answered pending item {number} “{title}”",
    }
    PendingNotificationDueSoon {
        pt: "A pendência {number} “{title}” vence em {due}",
        en: "Pending item {number} “{title}” is due on {due}",
    }
    PendingNotificationOther {
        pt: "Novidade na pendência {number} “{title}”",
        en: "News on pending item {number} “{title}”",
    }
    PendingApprovalTitle {
        pt: "Aprovação de pendências",
        en: "Pending item approval",
    }
    PendingApprovalLead {
        pt: "As pendências enviadas pelos operadores. Selecione e aprove, ou recuse com um motivo claro.",
        en: "The pending items agents sent. Select and approve them, or refuse them with a clear reason.",
    }
    PendingDashboardsTitle {
        pt: "Painel de pendências",
        en: "Pending items dashboard",
    }
    PendingDashboardsLead {
        pt: "Como estão as pendências no seu alcance.",
        en: "Where the pending items in your reach stand.",
    }
    PendingDashboardGeneral {
        pt: "Geral",
        en: "General",
    }
    PendingDashboardOperator {
        pt: "Operador",
        en: "Agent",
    }
    PendingDashboardSupervisor {
        pt: "Supervisor",
        en: "Supervisor",
    }
    PendingTotal {
        pt: "Total",
        en: "Total",
    }
    PendingKpiAwaitingClient {
        pt: "Aguardando cliente",
        en: "Awaiting client",
    }
    PendingKpiAnswered {
        pt: "Respondidas",
        en: "Answered",
    }
    PendingKpiMine {
        pt: "Minhas pendências",
        en: "My pending items",
    }
    PendingKpiAnswersWaiting {
        pt: "Respostas aguardando você",
        en: "Answers waiting for you",
    }
    PendingKpiRefusedToFix {
        pt: "Recusadas para corrigir",
        en: "Refused, to fix",
    }
    PendingKpiDrafts {
        pt: "Rascunhos",
        en: "Drafts",
    }
    PendingKpiInProgress {
        pt: "Em andamento",
        en: "In progress",
    }
    PendingKpiApprovalQueue {
        pt: "Aguardando aprovação",
        en: "Awaiting approval",
    }
    PendingKpiOverdue {
        pt: "Vencidas",
        en: "Overdue",
    }
    PendingByStatus {
        pt: "Pendências por situação",
        en: "Pending items by status",
    }
    PendingBySegment {
        pt: "Pendências por segmento",
        en: "Pending items by segment",
    }
    PendingResolvedPerWeek {
        pt: "Resolvidas por semana",
        en: "Resolved per week",
    }
    PendingWeek {
        pt: "Semana",
        en: "Week",
    }
    PendingLastSevenDays {
        pt: "Últimos 7 dias",
        en: "Last 7 days",
    }
    PendingDaysAgo {
        pt: "{from} a {to} dias atrás",
        en: "{from} to {to} days ago",
    }
    PendingCreatedAt {
        pt: "Criada em",
        en: "Created on",
    }
    // --- pending items: lists, detail, approval, dashboards ---
    NavImport {
        pt: "Importar",
        en: "Import",
    }
    NavImportHistory {
        pt: "Importações",
        en: "Imports",
    }
    NavReportsSection {
        pt: "Relatórios",
        en: "Reports",
    }
    NavReportMonthly {
        pt: "Relatório mensal",
        en: "Monthly report",
    }
    NavReportOperators {
        pt: "Relatório operadores",
        en: "Operators report",
    }
    ImportTitle {
        pt: "Importar planilhas",
        en: "Import spreadsheets",
    }
    ImportLead {
        pt: "Crie pendências em lote a partir de uma planilha (.xlsx, .xls, .ods ou .csv): envie o arquivo, confira as colunas e os erros, e confirme. Ou todas as linhas viram pendências, ou nenhuma.",
        en: "Create pending items in bulk from a spreadsheet (.xlsx, .xls, .ods or .csv): upload the file, check the columns and the errors, and confirm. Either every row becomes a pending item, or none does.",
    }
    ImportHistoryLink {
        pt: "Ver histórico de importações",
        en: "See import history",
    }
    ImportStepFile {
        pt: "Arquivo",
        en: "File",
    }
    ImportStepColumns {
        pt: "Colunas",
        en: "Columns",
    }
    ImportStepReview {
        pt: "Conferência",
        en: "Review",
    }
    ImportStepImport {
        pt: "Importação",
        en: "Import",
    }
    ImportFileLabel {
        pt: "Planilha",
        en: "Spreadsheet",
    }
    ImportFileHint {
        pt: "Escolha o arquivo ou arraste-o para cá: .xlsx, .xls, .ods ou .csv (separado por ponto e vírgula, datas dd/mm/aaaa, valores 1.234,56).",
        en: "Choose the file or drop it here: .xlsx, .xls, .ods or .csv (semicolon-separated, dates dd/mm/yyyy, amounts 1.234,56).",
    }
    ImportTargetLabel {
        pt: "As pendências criadas ficam como",
        en: "The items created start as",
    }
    ImportTargetDraftChoice {
        pt: "Criar como rascunho",
        en: "Create as drafts",
    }
    ImportTargetApprovalChoice {
        pt: "Enviar para aprovação",
        en: "Send for approval",
    }
    ImportTemplate {
        pt: "Modelo de colunas",
        en: "Column template",
    }
    ImportTemplateNone {
        pt: "Reconhecer as colunas automaticamente",
        en: "Recognise the columns automatically",
    }
    ImportTemplateHint {
        pt: "Um mapeamento salvo antes, para planilhas com cabeçalhos próprios.",
        en: "A mapping saved earlier, for sheets with their own headers.",
    }
    ImportSend {
        pt: "Enviar e conferir colunas",
        en: "Upload and check columns",
    }
    ImportReading {
        pt: "Lendo a planilha…",
        en: "Reading the sheet…",
    }
    ImportNoFile {
        pt: "Escolha a planilha a importar.",
        en: "Choose the spreadsheet to import.",
    }
    ImportUnsupported {
        pt: "Formato não suportado: envie um arquivo .xlsx, .xls, .ods ou .csv.",
        en: "Unsupported format: upload an .xlsx, .xls, .ods or .csv file.",
    }
    ImportRequiredMissing {
        pt: "Escolha a coluna do título e a do CNPJ da empresa: sem elas não há pendência.",
        en: "Choose the title column and the company CNPJ column: without them there is no pending item.",
    }
    ImportTooLarge {
        pt: "O arquivo é grande demais: o limite é de {size}. Divida a planilha em arquivos menores.",
        en: "The file is too large: the limit is {size}. Split the sheet into smaller files.",
    }
    ImportTooLargePlain {
        pt: "O arquivo é grande demais. Divida a planilha em arquivos menores.",
        en: "The file is too large. Split the sheet into smaller files.",
    }
    ImportFileProblem {
        pt: "Não foi possível usar a planilha: {detail}.",
        en: "The spreadsheet could not be used: {detail}.",
    }
    ImportMappingProblem {
        pt: "As colunas não conferem com a planilha: {detail}. Escolha abaixo a coluna de cada campo.",
        en: "The columns do not fit the sheet: {detail}. Choose each field's column below.",
    }
    ImportTemplateProblem {
        pt: "O modelo de colunas não pôde ser usado: {detail}.",
        en: "The column template could not be used: {detail}.",
    }
    ImportDuplicateRefused {
        pt: "Este mesmo arquivo já foi importado antes; nada foi criado de novo.",
        en: "This very file was imported before; nothing was created again.",
    }
    ImportAlreadyCommitted {
        pt: "Esta importação já foi confirmada.",
        en: "This import was already confirmed.",
    }
    ImportColumnsTitle {
        pt: "Colunas da planilha",
        en: "The sheet's columns",
    }
    ImportColumnsLead {
        pt: "Estas são as colunas reconhecidas para cada campo. Troque as que não estiverem certas; a planilha é conferida de novo com a sua escolha.",
        en: "These are the columns recognised for each field. Change any that are wrong; the sheet is checked again with your choice.",
    }
    ImportColumnsNeeded {
        pt: "Não reconhecemos as colunas desta planilha. Escolha a coluna de cada campo (título e CNPJ são obrigatórios).",
        en: "We did not recognise this sheet's columns. Choose each field's column (title and CNPJ are required).",
    }
    ImportColumnsTyped {
        pt: "Digite o cabeçalho da coluna exatamente como está na planilha.",
        en: "Type the column header exactly as it is in the sheet.",
    }
    ImportField {
        pt: "Campo",
        en: "Field",
    }
    ImportColumn {
        pt: "Coluna",
        en: "Column",
    }
    ImportColumnNone {
        pt: "(não importar)",
        en: "(do not import)",
    }
    ImportRequired {
        pt: "obrigatório",
        en: "required",
    }
    ImportFieldTitle {
        pt: "Título",
        en: "Title",
    }
    ImportFieldCnpj {
        pt: "CNPJ da empresa",
        en: "Company CNPJ",
    }
    ImportFieldDescription {
        pt: "Descrição",
        en: "Description",
    }
    ImportFieldCategory {
        pt: "Categoria",
        en: "Category",
    }
    ImportFieldDueDate {
        pt: "Vencimento",
        en: "Due date",
    }
    ImportFieldDocument {
        pt: "Nº do documento",
        en: "Document number",
    }
    ImportFieldReferenceDate {
        pt: "Data de referência",
        en: "Reference date",
    }
    ImportFieldAmount {
        pt: "Valor (R$)",
        en: "Amount (R$)",
    }
    ImportApplyMapping {
        pt: "Conferir com estas colunas",
        en: "Check with these columns",
    }
    ImportContinue {
        pt: "Continuar",
        en: "Continue",
    }
    ImportBack {
        pt: "Voltar",
        en: "Back",
    }
    ImportSaveTemplate {
        pt: "Salvar como modelo",
        en: "Save as template",
    }
    ImportTemplateName {
        pt: "Nome do modelo",
        en: "Template name",
    }
    ImportSaveTemplateButton {
        pt: "Salvar modelo",
        en: "Save template",
    }
    ImportTemplateNameRequired {
        pt: "Dê um nome ao modelo.",
        en: "Give the template a name.",
    }
    ImportTemplateSaved {
        pt: "Modelo “{name}” salvo: escolha-o na próxima importação.",
        en: "Template “{name}” saved: choose it on your next import.",
    }
    ImportTemplateTaken {
        pt: "Já existe um modelo com este nome.",
        en: "A template with this name already exists.",
    }
    ImportNoPreview {
        pt: "Envie uma planilha para conferir.",
        en: "Upload a spreadsheet to review.",
    }
    ImportRowsTotal {
        pt: "Linhas lidas",
        en: "Rows read",
    }
    ImportRowsAccepted {
        pt: "Aceitas",
        en: "Accepted",
    }
    ImportRowsRejected {
        pt: "Rejeitadas",
        en: "Rejected",
    }
    ImportDuplicateWarning {
        pt: "Este mesmo arquivo já foi importado antes. Importá-lo de novo duplicaria as pendências, por isso a confirmação está bloqueada.",
        en: "This very file was imported before. Importing it again would duplicate the pending items, so confirming is blocked.",
    }
    ImportErrorsTitle {
        pt: "Linhas com erro",
        en: "Rows with errors",
    }
    ImportLine {
        pt: "Linha",
        en: "Row",
    }
    ImportMessage {
        pt: "Mensagem",
        en: "Message",
    }
    ImportErrorsCapped {
        pt: "Só os primeiros 1.000 erros são listados.",
        en: "Only the first 1,000 errors are listed.",
    }
    ImportBlockedErrors {
        pt: "Corrija as linhas com erro na planilha e envie-a de novo: a importação só é feita quando todas as linhas estão certas.",
        en: "Fix the rows with errors in the sheet and upload it again: the import only runs when every row is right.",
    }
    ImportBlockedDuplicate {
        pt: "Este arquivo já foi importado; envie outro.",
        en: "This file was already imported; upload another one.",
    }
    ImportBlockedEmpty {
        pt: "A planilha não tem linhas para importar.",
        en: "The sheet has no rows to import.",
    }
    ImportConfirm {
        pt: "Confirmar importação ({n})",
        en: "Confirm import ({n})",
    }
    ImportBackToColumns {
        pt: "Voltar às colunas",
        en: "Back to the columns",
    }
    ImportAnotherFile {
        pt: "Enviar outro arquivo",
        en: "Upload another file",
    }
    ImportRunningTitle {
        pt: "Importando…",
        en: "Importing…",
    }
    ImportProgressOf {
        pt: "{done} de {total} linhas importadas",
        en: "{done} of {total} rows imported",
    }
    ImportProgressRunning {
        pt: "Importando {total} linhas; isto pode levar alguns segundos.",
        en: "Importing {total} rows; this may take a few seconds.",
    }
    ImportPollTrouble {
        pt: "Sem resposta do servidor no momento; tentando de novo…",
        en: "No answer from the server right now; trying again…",
    }
    ImportDone {
        pt: "Importação concluída: {n} pendência(s) criada(s) como “{status}”.",
        en: "Import done: {n} pending item(s) created as “{status}”.",
    }
    ImportFailed {
        pt: "A importação não foi concluída (situação: {status}). Nada foi criado; tente de novo ou fale com o suporte.",
        en: "The import did not finish (state: {status}). Nothing was created; try again or contact support.",
    }
    ImportSeeItems {
        pt: "Ver itens criados",
        en: "See items created",
    }
    ImportAnother {
        pt: "Importar outra planilha",
        en: "Import another spreadsheet",
    }
    ImportStatusPreviewed {
        pt: "Não confirmada",
        en: "Not confirmed",
    }
    ImportStatusCommitting {
        pt: "Importando",
        en: "Importing",
    }
    ImportStatusCommitted {
        pt: "Importada",
        en: "Imported",
    }
    ImportStatusFailed {
        pt: "Falhou",
        en: "Failed",
    }
    ImportTargetDraft {
        pt: "Rascunho",
        en: "Draft",
    }
    ImportTargetAwaitingApproval {
        pt: "Aguardando aprovação",
        en: "Awaiting approval",
    }
    ImportHistoryTitle {
        pt: "Histórico de importações",
        en: "Import history",
    }
    ImportHistoryLead {
        pt: "Cada planilha enviada, da mais recente à mais antiga: quem enviou, quando, o resultado e o arquivo original.",
        en: "Every spreadsheet uploaded, newest first: who uploaded it, when, the outcome and the original file.",
    }
    ImportHistoryEmpty {
        pt: "Nenhuma planilha importada ainda.",
        en: "No spreadsheet imported yet.",
    }
    ImportWhen {
        pt: "Quando",
        en: "When",
    }
    ImportWho {
        pt: "Quem",
        en: "Who",
    }
    ImportFile {
        pt: "Arquivo",
        en: "File",
    }
    ImportDownloadOriginal {
        pt: "Baixar original",
        en: "Download original",
    }
    PendRepMonthlyTitle {
        pt: "Relatório mensal de pendências",
        en: "Monthly pending-items report",
    }
    PendRepMonthlyLead {
        pt: "Por empresa, as pendências abertas, respondidas e resolvidas no mês, os tempos médios de resposta (da aprovação à resposta do cliente) e de resolução (da criação à resolução), e as que venceram sem solução.",
        en: "Per company, the pending items opened, answered and resolved in the month, the average answer time (approval to the client's answer) and resolution time (creation to resolution), and those that fell due unresolved.",
    }
    PendRepOperatorsTitle {
        pt: "Relatório de operadores",
        en: "Operators report",
    }
    PendRepOperatorsLead {
        pt: "Por operador, no mês: pendências criadas, enviadas para aprovação, aprovadas e recusadas (com a taxa de aprovação), processadas (resolvidas) e o tempo médio de tratamento (da resposta à resolução).",
        en: "Per operator, in the month: pending items created, sent for approval, approved and refused (with the approval rate), processed (resolved) and the average processing time (answer to resolution).",
    }
    PendRepMonth {
        pt: "Mês",
        en: "Month",
    }
    PendRepPreviousMonth {
        pt: "← Mês anterior",
        en: "← Previous month",
    }
    PendRepNextMonth {
        pt: "Próximo mês →",
        en: "Next month →",
    }
    PendRepMonthInvalid {
        pt: "Informe o mês como mm/aaaa.",
        en: "Enter the month as mm/yyyy.",
    }
    PendRepEmpty {
        pt: "Nenhuma pendência neste mês.",
        en: "No pending items this month.",
    }
    PendRepExport {
        pt: "Exportar dados",
        en: "Export data",
    }
    PendRepExportCsv {
        pt: "Exportar CSV",
        en: "Export CSV",
    }
    PendRepExportXlsx {
        pt: "Exportar XLSX",
        en: "Export XLSX",
    }
    PendRepExporting {
        pt: "Gerando arquivo…",
        en: "Preparing the file…",
    }
    PendRepExportHint {
        pt: "A exportação traz as pendências que você pode ver abertas, respondidas ou resolvidas no mês, com a empresa ou o operador escolhido acima.",
        en: "The export has the pending items you may see that were opened, answered or resolved in the month, with the company or operator chosen above.",
    }
    PendRepChartMonthly {
        pt: "Pendências por empresa",
        en: "Pending items per company",
    }
    PendRepChartOperators {
        pt: "Pendências por operador",
        en: "Pending items per operator",
    }
    PendRepOpened {
        pt: "Abertas",
        en: "Opened",
    }
    PendRepAnswered {
        pt: "Respondidas",
        en: "Answered",
    }
    PendRepResolved {
        pt: "Resolvidas",
        en: "Resolved",
    }
    PendRepOverdue {
        pt: "Vencidas",
        en: "Overdue",
    }
    PendRepAvgAnswer {
        pt: "Tempo médio de resposta",
        en: "Average answer time",
    }
    PendRepAvgResolution {
        pt: "Tempo médio de resolução",
        en: "Average resolution time",
    }
    PendRepOperator {
        pt: "Operador",
        en: "Operator",
    }
    PendRepAllOperators {
        pt: "Todos os operadores",
        en: "All operators",
    }
    PendRepCreated {
        pt: "Criadas",
        en: "Created",
    }
    PendRepSubmitted {
        pt: "Enviadas",
        en: "Submitted",
    }
    PendRepApproved {
        pt: "Aprovadas",
        en: "Approved",
    }
    PendRepRefused {
        pt: "Recusadas",
        en: "Refused",
    }
    PendRepApprovalRate {
        pt: "Taxa de aprovação",
        en: "Approval rate",
    }
    PendRepProcessed {
        pt: "Processadas",
        en: "Processed",
    }
    PendRepAvgProcessing {
        pt: "Tempo médio de tratamento",
        en: "Average processing time",
    }
    // --- pending items: imports and reports ---

    // --- first day: home pages, system, categories, password reset ---
    NavTeams {
        pt: "Equipes",
        en: "Teams",
    }
    TeamsTitle {
        pt: "Equipes",
        en: "Teams",
    }
    TeamsLead {
        pt: "As filas de atendimento: quem faz parte de cada uma e como os chamados novos são distribuídos.",
        en: "The support queues: who is in each and how new tickets are handed out.",
    }
    NewTeam {
        pt: "Nova equipe",
        en: "New team",
    }
    TeamsEmpty {
        pt: "Nenhuma equipe ainda.",
        en: "No team yet.",
    }
    TeamAssignment {
        pt: "Distribuição",
        en: "Assignment",
    }
    TeamMembers {
        pt: "Membros",
        en: "Members",
    }
    TeamMembersHint {
        pt: "Só quem está disponível recebe chamados automaticamente.",
        en: "Only available members get tickets automatically.",
    }
    TeamAvailable {
        pt: "Disponível",
        en: "Available",
    }
    PendingApproveQuestion {
        pt: "Aprovar esta pendência? O cliente passa a vê-la e é avisado.",
        en: "Approve this pending item? The client will see it and be notified.",
    }
    PendingResolveQuestion {
        pt: "Marcar esta pendência como resolvida? Ela sai das listas de trabalho.",
        en: "Mark this pending item resolved? It leaves the work lists.",
    }
    PendingApproveSelectedQuestion {
        pt: "Aprovar {n} pendência(s)? Os clientes passam a vê-las e são avisados.",
        en: "Approve {n} pending item(s)? The clients will see them and be notified.",
    }
    MarkSolvedQuestion {
        pt: "Marcar o chamado como resolvido?",
        en: "Mark the ticket as solved?",
    }
    TicketGone {
        pt: "Este chamado não existe ou não está mais visível para você: pode ter sido excluído ou passado para uma empresa fora do seu acesso.",
        en: "This ticket does not exist or is no longer visible to you: it may have been deleted or moved to a company outside your reach.",
    }
    PendingGone {
        pt: "Esta pendência não existe ou não está mais visível para você: pode ter voltado para rascunho ou passado para uma empresa fora do seu acesso.",
        en: "This pending item does not exist or is no longer visible to you: it may have gone back to draft or moved to a company outside your reach.",
    }
    DatePlaceholder {
        pt: "dd/mm/aaaa",
        en: "dd/mm/yyyy",
    }
    AuditSystem {
        pt: "Sistema (automático)",
        en: "System (automatic)",
    }
    AuditFieldsChanged {
        pt: "{n} campo(s)",
        en: "{n} field(s)",
    }
    AuditBecame {
        pt: "passou a ser",
        en: "became",
    }
    AuditRawData {
        pt: "Dados técnicos (JSON)",
        en: "Technical data (JSON)",
    }
    AuditAnyAction {
        pt: "Todas as ações",
        en: "All actions",
    }
    MatrixStagedCount {
        pt: "{n} alteração(ões) não salva(s)",
        en: "{n} unsaved change(s)",
    }
    MatrixStagedLead {
        pt: "As mudanças só valem depois de salvas. Revise-as abaixo; cada uma pode ser desfeita.",
        en: "Changes only apply once saved. Review them below; each can be undone.",
    }
    MatrixSaveChanges {
        pt: "Salvar alterações…",
        en: "Save changes…",
    }
    MatrixUndoAll {
        pt: "Desfazer tudo",
        en: "Undo all",
    }
    MatrixUndo {
        pt: "Desfazer",
        en: "Undo",
    }
    MatrixConfirmQuestion {
        pt: "Salvar estas {n} alteração(ões) de permissão? Elas valem na hora para todos os usuários dos perfis e ficam registradas na auditoria.",
        en: "Save these {n} permission change(s)? They apply at once to every user of the roles and are recorded in the audit log.",
    }
    MatrixConfirm {
        pt: "Confirmar e salvar",
        en: "Confirm and save",
    }
    MatrixSavedAll {
        pt: "Permissões salvas.",
        en: "Permissions saved.",
    }
    MatrixSomeFailed {
        pt: "Algumas alterações não foram salvas e continuam pendentes:",
        en: "Some changes were not saved and are still pending:",
    }
    HomeGreeting {
        pt: "Olá, {name}",
        en: "Hello, {name}",
    }
    HomeLeadClient {
        pt: "Seus chamados e as pendências que aguardam você, num relance.",
        en: "Your tickets and the pending items waiting for you, at a glance.",
    }
    HomeLeadAgent {
        pt: "Sua fila, o que vence em breve, as menções e as pendências para tratar.",
        en: "Your queue, what falls due soon, mentions and the pending items to process.",
    }
    HomeLeadSupervisor {
        pt: "Os números da equipe: fila, SLA, aprovações e a carga de cada operador.",
        en: "The team's figures: backlog, SLA, approvals and each operator's load.",
    }
    HomeLeadAdmin {
        pt: "A configuração do Atende e os números da equipe.",
        en: "Atende's setup and the team's figures.",
    }
    HomeFigures {
        pt: "Seus números",
        en: "Your figures",
    }
    HomeTeamFigures {
        pt: "Números da equipe",
        en: "Team figures",
    }
    HomeSeeAll {
        pt: "Ver todos",
        en: "See all",
    }
    HomeLatestTickets {
        pt: "Últimos chamados",
        en: "Latest tickets",
    }
    HomeNoTickets {
        pt: "Nenhum chamado ainda. Quando precisar, abra um em “Novo chamado”.",
        en: "No tickets yet. When you need help, open one with “New ticket”.",
    }
    HomeWaitingOnYou {
        pt: "Pendências aguardando você",
        en: "Pending items waiting for you",
    }
    HomeNothingWaiting {
        pt: "Nenhuma pendência aguardando sua resposta.",
        en: "No pending item waiting for your answer.",
    }
    HomeMyQueue {
        pt: "Minha fila",
        en: "My queue",
    }
    HomeQueueEmpty {
        pt: "Nenhum chamado aberto atribuído a você.",
        en: "No open ticket assigned to you.",
    }
    HomeDueSoon {
        pt: "Vencendo em breve",
        en: "Due soon",
    }
    HomeNothingDue {
        pt: "Nenhum chamado em risco de SLA.",
        en: "No ticket at SLA risk.",
    }
    HomeUnassigned {
        pt: "Sem responsável",
        en: "Unassigned",
    }
    HomeAnswersWaiting {
        pt: "Respostas para tratar",
        en: "Answers to process",
    }
    HomeRefusedToFix {
        pt: "Recusadas para corrigir",
        en: "Refused, to fix",
    }
    HomeMentions {
        pt: "Menções e notificações",
        en: "Mentions and notifications",
    }
    HomePendingToProcess {
        pt: "Pendências para tratar",
        en: "Pending items to process",
    }
    HomeNothingToProcess {
        pt: "Nenhuma resposta de cliente aguardando você.",
        en: "No client answer waiting for you.",
    }
    HomeBacklog {
        pt: "Chamados abertos",
        en: "Open tickets",
    }
    HomeSlaAtRisk {
        pt: "SLA em risco",
        en: "SLA at risk",
    }
    HomeSlaBreached {
        pt: "SLA violado",
        en: "SLA breached",
    }
    HomeApprovalsWaiting {
        pt: "Aguardando aprovação",
        en: "Awaiting approval",
    }
    HomeNoApprovals {
        pt: "Nenhuma pendência aguardando aprovação.",
        en: "No pending item awaiting approval.",
    }
    HomePendingOverdue {
        pt: "Pendências vencidas",
        en: "Overdue pending items",
    }
    HomeOperatorsLoad {
        pt: "Carga dos operadores",
        en: "Operators' load",
    }
    HomeNoOperators {
        pt: "Nenhum operador atende chamados ainda.",
        en: "No operator works tickets yet.",
    }
    HomeOpenCount {
        pt: "{n} abertos",
        en: "{n} open",
    }
    HomeSlaAttention {
        pt: "SLA pedindo atenção",
        en: "SLA needing attention",
    }
    HomeDueOn {
        pt: "vence {date}",
        en: "due {date}",
    }
    SetupTitle {
        pt: "Primeiros passos",
        en: "Getting started",
    }
    SetupLead {
        pt: "O que uma instalação nova precisa antes do primeiro chamado. Esta lista some quando tudo estiver feito.",
        en: "What a new installation needs before its first ticket. This list goes away once everything is done.",
    }
    SetupProgress {
        pt: "{done} de {total} concluídos",
        en: "{done} of {total} done",
    }
    SetupCalendar {
        pt: "Horário de atendimento",
        en: "Business hours",
    }
    SetupCalendarHint {
        pt: "Um calendário com o expediente e os feriados, para contar o SLA em horas úteis.",
        en: "A calendar with working hours and holidays, so SLAs count business hours.",
    }
    SetupSlaPolicy {
        pt: "Política de SLA",
        en: "SLA policy",
    }
    SetupSlaPolicyHint {
        pt: "Os prazos de primeira resposta e de solução por prioridade.",
        en: "First-response and resolution targets per priority.",
    }
    SetupCategories {
        pt: "Categorias de chamados",
        en: "Ticket categories",
    }
    SetupCategoriesHint {
        pt: "Os assuntos que os clientes escolhem ao abrir um chamado.",
        en: "The topics clients pick when opening a ticket.",
    }
    SetupTeams {
        pt: "Equipes",
        en: "Teams",
    }
    SetupTeamsHint {
        pt: "As filas de atendimento e quem faz parte de cada uma.",
        en: "The support queues and who is in each.",
    }
    SetupUsers {
        pt: "Usuários",
        en: "Users",
    }
    SetupUsersHint {
        pt: "Convide a equipe e os clientes.",
        en: "Invite your team and your clients.",
    }
    SetupEmail {
        pt: "E-mail",
        en: "E-mail",
    }
    SetupEmailHint {
        pt: "Configure o servidor SMTP (ATENDE_SMTP_HOST e afins) para enviar notificações e links de senha.",
        en: "Configure the SMTP server (ATENDE_SMTP_HOST and friends) to send notifications and password links.",
    }
    SetupMarkDone {
        pt: "Já configurei",
        en: "Done",
    }
    SetupDo {
        pt: "Configurar",
        en: "Set up",
    }
    SetupDone {
        pt: "Concluído",
        en: "Done",
    }
    SetupToDo {
        pt: "A fazer",
        en: "To do",
    }
    SetupUnknown {
        pt: "Não foi possível verificar",
        en: "Could not be checked",
    }
    NavSystem {
        pt: "Sistema",
        en: "System",
    }
    SystemTitle {
        pt: "Sistema",
        en: "System",
    }
    SystemLead {
        pt: "A versão do servidor, o banco de dados em uso e os idiomas oferecidos.",
        en: "The server's version, the database in use and the languages offered.",
    }
    NavCategories {
        pt: "Categorias",
        en: "Categories",
    }
    CategoriesTitle {
        pt: "Categorias de chamados",
        en: "Ticket categories",
    }
    CategoriesLead {
        pt: "Os assuntos dos chamados, em árvore. Categorias inativas continuam nos chamados que já as têm, mas não aparecem em chamados novos.",
        en: "Ticket topics, as a tree. Inactive categories stay on the tickets that have them but are not offered on new tickets.",
    }
    NewCategory {
        pt: "Nova categoria",
        en: "New category",
    }
    CategoriesEmpty {
        pt: "Nenhuma categoria ainda.",
        en: "No category yet.",
    }
    CategoryOrder {
        pt: "Ordem",
        en: "Order",
    }
    CategoryActive {
        pt: "Ativa",
        en: "Active",
    }
    CategoryInactive {
        pt: "Inativa",
        en: "Inactive",
    }
    CategoryActivate {
        pt: "Ativar",
        en: "Activate",
    }
    CategoryDeactivate {
        pt: "Desativar",
        en: "Deactivate",
    }
    CategoryMoveUp {
        pt: "Subir {name}",
        en: "Move {name} up",
    }
    CategoryMoveUpShort {
        pt: "Subir",
        en: "Move up",
    }
    CategoryMoveDown {
        pt: "Descer {name}",
        en: "Move {name} down",
    }
    CategoryMoveDownShort {
        pt: "Descer",
        en: "Move down",
    }
    CategoryParent {
        pt: "Dentro de",
        en: "Under",
    }
    CategoryNoParent {
        pt: "Nenhuma (categoria principal)",
        en: "None (top-level category)",
    }
    ForgotLink {
        pt: "Esqueci minha senha",
        en: "I forgot my password",
    }
    ForgotTitle {
        pt: "Esqueci minha senha",
        en: "Forgot your password?",
    }
    ForgotLead {
        pt: "Informe o e-mail da sua conta. Enviaremos um link para você criar uma senha nova.",
        en: "Enter your account's e-mail. We will send you a link to choose a new password.",
    }
    ForgotEmailInvalid {
        pt: "Informe um e-mail válido, como nome@empresa.com.br.",
        en: "Enter a valid e-mail, such as name@company.com.",
    }
    ForgotSubmit {
        pt: "Enviar link",
        en: "Send link",
    }
    ForgotSent {
        pt: "Se houver uma conta com este e-mail, enviamos um link para redefinir a senha.",
        en: "If an account exists for this e-mail, we have sent a link to reset the password.",
    }
    ForgotSentHint {
        pt: "O link vale por pouco tempo e só pode ser usado uma vez. Não chegou? Confira a caixa de spam.",
        en: "The link is valid for a short time and can be used once. Nothing arrived? Check your spam folder.",
    }
    ResetTitle {
        pt: "Criar uma senha nova",
        en: "Choose a new password",
    }
    ResetLead {
        pt: "Escolha a senha nova. As outras sessões abertas com esta conta serão encerradas.",
        en: "Choose the new password. Other sessions of this account will be ended.",
    }
    ResetInvalidToken {
        pt: "Este link é inválido ou expirou. Peça um novo link para redefinir a senha.",
        en: "This link is invalid or has expired. Ask for a new link to reset the password.",
    }
    ResetRequestNew {
        pt: "Pedir um novo link",
        en: "Ask for a new link",
    }
    ResetDoneNotice {
        pt: "Senha redefinida. Entre com a senha nova.",
        en: "Password reset. Sign in with the new password.",
    }
    NotificationsLead {
        pt: "Tudo o que aconteceu nos seus chamados e pendências, do mais recente ao mais antigo.",
        en: "Everything that happened on your tickets and pending items, newest first.",
    }
    NotificationsShown {
        pt: "Notificações mostradas",
        en: "Notifications shown",
    }
    NotificationsUnreadTab {
        pt: "Não lidas",
        en: "Unread",
    }
    // --- automation rules ---
    NavAutomation {
        pt: "Automações",
        en: "Automation",
    }
    AutomationTitle {
        pt: "Automações",
        en: "Automation rules",
    }
    AutomationLead {
        pt: "Regras que encaminham, escalam e respondem chamados sozinhas, na ordem da lista. Cada disparo fica registrado no histórico do chamado, com as condições que valeram.",
        en: "Rules that route, escalate and answer tickets by themselves, in the list's order. Every firing is recorded on the ticket's history, with the conditions that held.",
    }
    NewRule {
        pt: "Nova regra",
        en: "New rule",
    }
    EditRule {
        pt: "Editar regra",
        en: "Edit rule",
    }
    RulesEmpty {
        pt: "Nenhuma regra ainda. Crie a primeira em “Nova regra”.",
        en: "No rule yet. Create the first with “New rule”.",
    }
    RuleOrder {
        pt: "Ordem",
        en: "Order",
    }
    RuleEnabledLabel {
        pt: "Regra ativa",
        en: "Rule enabled",
    }
    RuleEnabledColumn {
        pt: "Ativa",
        en: "Enabled",
    }
    RuleToggle {
        pt: "Ativar a regra {name}",
        en: "Enable the rule {name}",
    }
    RuleFired7d {
        pt: "Disparos (7 dias)",
        en: "Firings (7 days)",
    }
    RuleLastFired {
        pt: "Último disparo",
        en: "Last fired",
    }
    RuleErrors7d {
        pt: "Erros (7 dias)",
        en: "Errors (7 days)",
    }
    RuleNeverFired {
        pt: "Nunca",
        en: "Never",
    }
    RuleLastError {
        pt: "Último erro: {error}",
        en: "Last error: {error}",
    }
    DeleteRuleQuestion {
        pt: "Excluir esta regra? Os disparos já registrados continuam no histórico dos chamados.",
        en: "Delete this rule? The firings already recorded stay on the tickets' history.",
    }
    RuleConditionsCount {
        pt: "{n} condição(ões)",
        en: "{n} condition(s)",
    }
    RuleByWhom {
        pt: ", por {who}",
        en: ", by {who}",
    }
    RuleTimeSummary {
        pt: "{amount} {unit} {direction} de: {anchor}",
        en: "{amount} {unit} {direction}: {anchor}",
    }
    RuleBusinessMinutesShort {
        pt: "(minutos úteis)",
        en: "(business minutes)",
    }
    UnitMinutes {
        pt: "minutos",
        en: "minutes",
    }
    UnitHours {
        pt: "horas",
        en: "hours",
    }
    WhenTitle {
        pt: "Quando",
        en: "When",
    }
    WhenHint {
        pt: "Em que momento a regra olha o chamado.",
        en: "When the rule looks at the ticket.",
    }
    WhichChanges {
        pt: "Quais mudanças",
        en: "Which changes",
    }
    WhichChangesHint {
        pt: "Nenhuma marcada: qualquer mudança.",
        en: "None ticked: any change.",
    }
    ByWhom {
        pt: "Feitas por",
        en: "Made by",
    }
    ByWhomHint {
        pt: "Ninguém marcado: qualquer um, inclusive outras regras.",
        en: "Nobody ticked: anyone, other rules included.",
    }
    TimeAmount {
        pt: "Quanto tempo",
        en: "How long",
    }
    TimeUnit {
        pt: "Unidade",
        en: "Unit",
    }
    TimeDirection {
        pt: "Antes ou depois",
        en: "Before or after",
    }
    TimeAnchorLabel {
        pt: "De quê",
        en: "Of what",
    }
    TimeCounting {
        pt: "Como contar",
        en: "How to count",
    }
    CalendarMinutes {
        pt: "Minutos corridos",
        en: "Calendar minutes",
    }
    BusinessMinutesOf {
        pt: "Minutos úteis: {name}",
        en: "Business minutes: {name}",
    }
    TimeBeforeOnlySla {
        pt: "Só os prazos de SLA podem ser contados “antes”.",
        en: "Only SLA targets can be counted “before”.",
    }
    TimeRuleHint {
        pt: "Uma regra por tempo dispara uma vez por chamado e prazo, e precisa mudar algo que uma condição confere (ex.: condição “etiquetas não contêm escalado”, ação “adicionar etiqueta escalado”).",
        en: "A time rule fires once per ticket and deadline, and must change something one of its conditions checks (e.g. condition “tags contain none of escalado”, action “add tag escalado”).",
    }
    ConditionsAll {
        pt: "Todas estas",
        en: "All of these",
    }
    ConditionsAllHint {
        pt: "O chamado precisa atender a todas.",
        en: "The ticket must meet every one.",
    }
    ConditionsAny {
        pt: "Qualquer uma destas",
        en: "Any of these",
    }
    ConditionsAnyHint {
        pt: "Se houver alguma, o chamado precisa atender a pelo menos uma.",
        en: "If there are any, the ticket must meet at least one.",
    }
    NoConditionsInGroup {
        pt: "Nenhuma condição neste grupo.",
        en: "No condition in this group.",
    }
    AddCondition {
        pt: "Adicionar condição",
        en: "Add a condition",
    }
    RemoveCondition {
        pt: "Remover condição",
        en: "Remove condition",
    }
    ConditionFieldLabel {
        pt: "Campo",
        en: "Field",
    }
    ConditionOperatorLabel {
        pt: "Comparação",
        en: "Comparison",
    }
    ConditionValueLabel {
        pt: "Valor",
        en: "Value",
    }
    TextToFindHint {
        pt: "Assunto, descrição e respostas públicas, palavra por palavra, sem diferenciar acentos nem plurais.",
        en: "Subject, description and public replies, word by word, ignoring accents and plurals.",
    }
    TimeSinceFrom {
        pt: "Desde",
        en: "Since",
    }
    ActionsTitle {
        pt: "Ações",
        en: "Actions",
    }
    ActionsHint {
        pt: "O que a regra faz, na ordem.",
        en: "What the rule does, in order.",
    }
    NoActions {
        pt: "Nenhuma ação ainda.",
        en: "No action yet.",
    }
    AddAction {
        pt: "Adicionar ação",
        en: "Add an action",
    }
    RemoveAction {
        pt: "Remover ação",
        en: "Remove action",
    }
    ActionTypeLabel {
        pt: "Ação",
        en: "Action",
    }
    Agent {
        pt: "Agente",
        en: "Agent",
    }
    NoCategoryClear {
        pt: "Nenhuma (remover a categoria)",
        en: "None (clear the category)",
    }
    ReplyWith {
        pt: "Responder com",
        en: "Reply with",
    }
    ReplyWithText {
        pt: "Um texto",
        en: "A text",
    }
    ReplyWithCanned {
        pt: "Uma resposta rápida",
        en: "A canned response",
    }
    AutoReplyHint {
        pt: "Vai uma vez por chamado, nunca a mensagens automáticas nem a chamados que a equipe abriu pelo cliente. Marcadores como {{cliente.nome}} são preenchidos.",
        en: "Goes once per ticket, never to automatic messages nor to tickets staff opened for the client. Placeholders such as {{cliente.nome}} are filled in.",
    }
    NotifyPeople {
        pt: "Pessoas",
        en: "People",
    }
    NotifyRoles {
        pt: "Perfis",
        en: "Roles",
    }
    NotifyTeams {
        pt: "Equipes",
        en: "Teams",
    }
    NotifyMessage {
        pt: "Mensagem",
        en: "Message",
    }
    EscalateHint {
        pt: "Sobe a prioridade um nível e avisa os supervisores da consultoria; se escolher, também reatribui.",
        en: "Raises the priority one step and notifies the consultancy's supervisors; optionally reassigns too.",
    }
    EscalateKeepTeam {
        pt: "Manter a equipe",
        en: "Keep the team",
    }
    NoteText {
        pt: "Texto da nota",
        en: "Note text",
    }
    RuleSave {
        pt: "Salvar regra",
        en: "Save rule",
    }
    RuleNeedsAction {
        pt: "Inclua pelo menos uma ação.",
        en: "Add at least one action.",
    }
    RuleErrorsTitle {
        pt: "A regra não foi salva. Corrija:",
        en: "The rule was not saved. Fix:",
    }
    RuleMsgText {
        pt: "Escreva um texto de 1 a {max} caracteres.",
        en: "Write a text of 1 to {max} characters.",
    }
    RuleMsgPickValues {
        pt: "Escolha pelo menos um valor.",
        en: "Choose at least one value.",
    }
    RuleMsgPickOne {
        pt: "Escolha um item da lista.",
        en: "Choose an item from the list.",
    }
    RuleMsgMinutes {
        pt: "Informe de 1 a 525.600 minutos (um ano).",
        en: "Enter 1 to 525,600 minutes (one year).",
    }
    RuleMsgNotify {
        pt: "Escolha pessoas ou perfis para notificar.",
        en: "Choose people or roles to notify.",
    }
    RuleMsgReply {
        pt: "Escreva a resposta ou escolha uma resposta rápida.",
        en: "Write the reply or choose a canned response.",
    }
    RuleMsgTimeLoop {
        pt: "Uma regra por tempo precisa mudar algo que uma das suas condições confere (ex.: condição “etiquetas não contêm escalado”, ação “adicionar etiqueta escalado”), para não disparar de novo no mesmo chamado.",
        en: "A time rule must change something one of its conditions checks (e.g. condition “tags contain none of escalado”, action “add tag escalado”), so it does not fire on the same ticket again and again.",
    }
    RuleMsgReplyOnUpdate {
        pt: "Uma resposta automática ao atualizar precisa marcar as mudanças que responde, sem “Resposta da equipe” (ela responderia a si mesma).",
        en: "An automatic reply on update must tick the changes it answers, without “Staff reply” (it would answer itself).",
    }
    RuleMsgName {
        pt: "Use de 1 a 120 caracteres.",
        en: "Use 1 to 120 characters.",
    }
    RuleMsgMissing {
        pt: "Refere-se a algo que não existe mais.",
        en: "Refers to something that no longer exists.",
    }
    RuleMsgStaff {
        pt: "Escolha uma pessoa ativa da equipe com quem você trabalha.",
        en: "Choose an active staff member you work with.",
    }
    RuleMsgOutOfReach {
        pt: "Refere-se a uma empresa fora do seu alcance.",
        en: "Refers to a company outside your reach.",
    }
    RuleMsgTag {
        pt: "Cada etiqueta é uma palavra de 1 a 60 caracteres.",
        en: "Each tag is one word of 1 to 60 characters.",
    }
    RuleMsgLoopLimit {
        pt: "limite de {n} passagens encadeadas atingido: regras que se disparam umas às outras",
        en: "the limit of {n} chained passes was reached: rules that trigger one another",
    }
    ErrorAtConditionAll {
        pt: "Condição {n} de «Todas estas»",
        en: "Condition {n} of «All of these»",
    }
    ErrorAtConditionAny {
        pt: "Condição {n} de «Qualquer uma destas»",
        en: "Condition {n} of «Any of these»",
    }
    ErrorAtAction {
        pt: "Ação {n}",
        en: "Action {n}",
    }
    DryRunTitle {
        pt: "Simular em um chamado",
        en: "Try on a ticket",
    }
    DryRunLead {
        pt: "Quais regras disparariam agora num chamado e, para cada condição, se ela vale e o que o chamado tem. Nada é alterado.",
        en: "Which rules would fire on a ticket now and, for each condition, whether it holds and what the ticket has. Nothing is changed.",
    }
    DryRunTicket {
        pt: "Número do chamado",
        en: "Ticket number",
    }
    DryRunSubmit {
        pt: "Simular",
        en: "Try",
    }
    DryRunRunning {
        pt: "Simulando…",
        en: "Trying…",
    }
    DryRunTicketRequired {
        pt: "Informe o número do chamado, como 41 ou #000041.",
        en: "Enter the ticket's number, such as 41 or #000041.",
    }
    DryRunFor {
        pt: "Chamado {reference}",
        en: "Ticket {reference}",
    }
    DryRunNoRules {
        pt: "Nenhuma regra para simular.",
        en: "No rule to try.",
    }
    DryRunWouldFire {
        pt: "Dispararia",
        en: "Would fire",
    }
    DryRunWouldNotFire {
        pt: "Não dispararia",
        en: "Would not fire",
    }
    DryRunAlreadyFired {
        pt: "Já disparou neste chamado",
        en: "Already fired on this ticket",
    }
    DryRunDisabled {
        pt: "Desativada",
        en: "Disabled",
    }
    DryRunDueAt {
        pt: "Momento neste chamado: {when}",
        en: "Moment for this ticket: {when}",
    }
    DryRunNoMoment {
        pt: "Sem momento: o chamado não tem o prazo que a regra conta.",
        en: "No moment: the ticket lacks the deadline the rule counts from.",
    }
    DryRunNoConditions {
        pt: "Sem condições: vale para qualquer chamado.",
        en: "No conditions: any ticket qualifies.",
    }
    DryRunCondition {
        pt: "Condição",
        en: "Condition",
    }
    DryRunActual {
        pt: "No chamado",
        en: "On the ticket",
    }
    DryRunResult {
        pt: "Resultado",
        en: "Result",
    }
    ConditionMet {
        pt: "atende",
        en: "met",
    }
    ConditionNotMet {
        pt: "não atende",
        en: "not met",
    }
    AutomationEmptyValue {
        pt: "(vazio)",
        en: "(empty)",
    }
    CalendarMissing {
        pt: "calendário não encontrado",
        en: "calendar not found",
    }
    WithinHoursActual {
        pt: "dentro do horário",
        en: "within hours",
    }
    OutsideHoursActual {
        pt: "fora do horário",
        en: "outside hours",
    }
    NotificationAutomation {
        pt: "Chamado {number} ({subject}): {message}",
        en: "Ticket {number} ({subject}): {message}",
    }
    EventRuleFired {
        pt: "Regra «{rule}» aplicada: {actions}",
        en: "Rule «{rule}» applied: {actions}",
    }
    EventRuleConditions {
        pt: "condições",
        en: "conditions",
    }
    EventRulePass {
        pt: "(encadeada, passagem {n})",
        en: "(chained, pass {n})",
    }
    EventRuleSkipped {
        pt: "não executadas: {actions}",
        en: "not carried out: {actions}",
    }
    EventRuleNothingDone {
        pt: "nenhuma ação",
        en: "no action",
    }
    EventRuleLoopLimit {
        pt: "Regra «{rule}» não aplicada: limite de {n} passagens encadeadas atingido",
        en: "Rule «{rule}» not applied: the limit of {n} chained passes was reached",
    }
    NavIntegrations {
        pt: "Integrações",
        en: "Integrations",
    }
    IntegrationsTitle {
        pt: "Integrações",
        en: "Integrations",
    }
    IntegrationsLead {
        pt: "Webhooks: o Atende avisa outros sistemas (ERP, CRM, chat) de cada mudança, com mensagens assinadas (Standard Webhooks).",
        en: "Webhooks: Atende tells other systems (ERP, CRM, chat) of each change, in signed messages (Standard Webhooks).",
    }
    NewWebhook {
        pt: "Novo webhook",
        en: "New webhook",
    }
    EditWebhook {
        pt: "Editar webhook",
        en: "Edit webhook",
    }
    WebhooksEmpty {
        pt: "Nenhum webhook cadastrado. Adicione um para avisar outro sistema das mudanças no Atende.",
        en: "No webhooks yet. Add one to tell another system of the changes in Atende.",
    }
    WebhookNameHint {
        pt: "Para reconhecer o destino, por exemplo “ERP financeiro”.",
        en: "To recognise the destination, for example “Finance ERP”.",
    }
    WebhookUrl {
        pt: "Endereço (URL)",
        en: "Address (URL)",
    }
    WebhookUrlHint {
        pt: "Começa com https://. O Atende não chama endereços de redes internas.",
        en: "Starts with https://. Atende does not call addresses of internal networks.",
    }
    WebhookUrlRequired {
        pt: "Informe o endereço (URL).",
        en: "Enter the address (URL).",
    }
    WebhookEvents {
        pt: "Eventos",
        en: "Events",
    }
    WebhookEventsHint {
        pt: "O que será enviado a este endereço.",
        en: "What is sent to this address.",
    }
    WebhookEventsRequired {
        pt: "Escolha ao menos um evento.",
        en: "Choose at least one event.",
    }
    WebhookAllEvents {
        pt: "Todos os eventos",
        en: "All events",
    }
    WebhookLevel {
        pt: "Nível",
        en: "Level",
    }
    WebhookLevelHint {
        pt: "Pública: só o que os clientes da empresa também veem. Equipe: também notas internas, alertas de SLA e mudanças internas.",
        en: "Public: only what the company's clients see too. Staff: internal notes, SLA alerts and internal changes as well.",
    }
    WebhookCompany {
        pt: "Empresa (opcional)",
        en: "Company (optional)",
    }
    WebhookCompanyHint {
        pt: "Só os eventos desta empresa.",
        en: "Only this company's events.",
    }
    WebhookWholeInstallation {
        pt: "Toda a instalação",
        en: "The whole installation",
    }
    WebhookConsultancyHint {
        pt: "Só os eventos das empresas desta consultoria.",
        en: "Only the events of this consultancy's companies.",
    }
    WebhookEnabledLabel {
        pt: "Ligado (envia os eventos)",
        en: "On (sends the events)",
    }
    WebhookCreate {
        pt: "Adicionar webhook",
        en: "Add webhook",
    }
    WebhookSave {
        pt: "Salvar webhook",
        en: "Save webhook",
    }
    WebhookFailures {
        pt: "Falhas seguidas",
        en: "Failures in a row",
    }
    WebhookOn {
        pt: "Ligado",
        en: "On",
    }
    WebhookOff {
        pt: "Desligado",
        en: "Off",
    }
    WebhookToggle {
        pt: "Ligar ou desligar {name}",
        en: "Switch {name} on or off",
    }
    WebhookSwitchedOff {
        pt: "Desligado pelo Atende: {reason}",
        en: "Switched off by Atende: {reason}",
    }
    WebhookOnlyCompany {
        pt: "Só: {company}",
        en: "Only: {company}",
    }
    WebhookDeliveries {
        pt: "Entregas",
        en: "Deliveries",
    }
    WebhookDeliveriesOf {
        pt: "Entregas · {name}",
        en: "Deliveries · {name}",
    }
    WebhookDeliveriesLead {
        pt: "As mensagens enviadas a este endereço nos últimos 30 dias, das mais recentes às mais antigas.",
        en: "The messages sent to this address in the last 30 days, newest first.",
    }
    WebhookDeliveriesEmpty {
        pt: "Nenhuma entrega ainda. Use “Enviar teste” para conferir o endereço.",
        en: "No deliveries yet. Use “Send a test” to check the address.",
    }
    WebhookSendTest {
        pt: "Enviar teste",
        en: "Send a test",
    }
    WebhookTestSent {
        pt: "Teste enviado: ele aparece na lista em instantes.",
        en: "Test sent: it shows in the list in a moment.",
    }
    WebhookRotate {
        pt: "Trocar segredo",
        en: "Rotate secret",
    }
    WebhookRotateQuestion {
        pt: "Trocar o segredo? O atual continua assinando por 24 horas.",
        en: "Rotate the secret? The current one keeps signing for 24 hours.",
    }
    WebhookDeleteQuestion {
        pt: "Excluir este webhook e o seu histórico de entregas?",
        en: "Delete this webhook and its delivery log?",
    }
    WebhookRedeliverFailed {
        pt: "Reenviar as que falharam",
        en: "Resend the failed ones",
    }
    WebhookRedeliverFailedQuestion {
        pt: "Reenviar todas as entregas que falharam nos últimos 30 dias?",
        en: "Resend every delivery that failed in the last 30 days?",
    }
    WebhookRequeued {
        pt: "Entregas de volta à fila: {n}.",
        en: "Deliveries queued again: {n}.",
    }
    WebhookRefresh {
        pt: "Atualizar",
        en: "Refresh",
    }
    WebhookSecretCreated {
        pt: "Segredo de assinatura · {name}",
        en: "Signing secret · {name}",
    }
    WebhookSecretRotated {
        pt: "Novo segredo de assinatura · {name}",
        en: "New signing secret · {name}",
    }
    WebhookSecretShownOnce {
        pt: "Guarde este segredo: ele não será mostrado de novo.",
        en: "Keep this secret: it will not be shown again.",
    }
    WebhookSecretHint {
        pt: "O receptor confere com ele o cabeçalho webhook-signature de cada mensagem.",
        en: "The receiver checks each message's webhook-signature header with it.",
    }
    WebhookPreviousSecretUntil {
        pt: "O segredo anterior continua assinando até {when}.",
        en: "The previous secret keeps signing until {when}.",
    }
    WebhookSecretSaved {
        pt: "Já guardei o segredo",
        en: "I saved the secret",
    }
    WebhookEvent {
        pt: "Evento",
        en: "Event",
    }
    WebhookAttempts {
        pt: "Tentativas",
        en: "Attempts",
    }
    WebhookLastStatus {
        pt: "Última resposta",
        en: "Last answer",
    }
    WebhookCreatedAt {
        pt: "Criada em",
        en: "Created",
    }
    WebhookNextAttempt {
        pt: "próxima tentativa {when}",
        en: "next attempt {when}",
    }
    WebhookAttemptsShow {
        pt: "Detalhes",
        en: "Details",
    }
    WebhookRedeliver {
        pt: "Reenviar",
        en: "Send again",
    }
    WebhookNoAttempts {
        pt: "Nenhuma tentativa ainda.",
        en: "No attempts yet.",
    }
    WebhookAttemptAt {
        pt: "Tentativa de {when}",
        en: "Attempt of {when}",
    }
    WebhookAnswer {
        pt: "Resposta",
        en: "Answer",
    }
    WebhookNoAnswer {
        pt: "sem resposta",
        en: "no answer",
    }
    WebhookLatency {
        pt: "{ms} ms",
        en: "{ms} ms",
    }
    WebhookError {
        pt: "Erro",
        en: "Error",
    }
    WebhookRequestHeaders {
        pt: "Cabeçalhos enviados",
        en: "Headers sent",
    }
    WebhookRequestBody {
        pt: "Corpo enviado",
        en: "Body sent",
    }
    WebhookResponseBody {
        pt: "Resposta recebida (primeiros 4 KB)",
        en: "Answer received (first 4 KB)",
    }
    WebhookMsgBlocked {
        pt: "{host} é um endereço de rede interna ou reservada, que o Atende não chama. Use um endereço público.",
        en: "{host} is an address of an internal or reserved network, which Atende does not call. Use a public address.",
    }
    WebhookMsgInvalidUrl {
        pt: "Endereço inválido. Exemplo: https://erp.exemplo.com.br/webhooks/atende",
        en: "Invalid address. Example: https://erp.example.com/webhooks/atende",
    }
    WebhookMsgScheme {
        pt: "Use um endereço que comece com https:// (ou http://).",
        en: "Use an address starting with https:// (or http://).",
    }
    WebhookMsgUrlLength {
        pt: "O endereço pode ter no máximo 2048 caracteres.",
        en: "The address may have at most 2048 characters.",
    }
    WebhookMsgName {
        pt: "O nome deve ter de 1 a 120 caracteres.",
        en: "The name must have 1 to 120 characters.",
    }
    WebhookMsgEventType {
        pt: "Um dos eventos escolhidos não pode ser assinado.",
        en: "One of the chosen events cannot be subscribed to.",
    }
    WebhookMsgCompany {
        pt: "Escolha uma empresa da consultoria do webhook.",
        en: "Choose a company of the webhook's consultancy.",
    }
    WebhookMsgConsultancy {
        pt: "Escolha uma das suas consultorias.",
        en: "Choose one of your consultancies.",
    }
    WebhookMsgConsultancyRequired {
        pt: "Escolha a consultoria dona do webhook.",
        en: "Choose the consultancy that owns the webhook.",
    }
}

/// A language's name in that language, for the language switch: a person
/// looks for their own language by its own name.
pub fn endonym(locale: Locale) -> &'static str {
    match locale {
        Locale::PtBr => "Português (Brasil)",
        Locale::En => "English",
    }
}

/// How a database backend code of the API (`sqlite`, `postgres`) is shown.
pub fn database_name(code: &str) -> String {
    match code {
        "sqlite" => "SQLite".to_owned(),
        "postgres" | "postgresql" => "PostgreSQL".to_owned(),
        other => other.to_owned(),
    }
}

/// The language context, provided once at the application root.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The current language (tracked).
    pub fn locale(self) -> Locale {
        self.locale.get()
    }

    /// The current language, without subscribing the caller to changes.
    pub fn locale_untracked(self) -> Locale {
        self.locale.get_untracked()
    }

    /// The text of `key` in the current language (tracked).
    pub fn t(self, key: Key) -> &'static str {
        t(self.locale.get(), key)
    }

    /// The text of `key` as a view or attribute value that follows the
    /// language. The same closure type for every key, so the many texts of
    /// a page share one instantiation of the rendering code (smaller wasm
    /// than a `move || i18n.t(key)` closure per call site).
    pub fn text(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    /// Switches the language and remembers the choice in this browser.
    pub fn choose(self, locale: Locale) {
        remember(locale);
        self.locale.set(locale);
    }
}

/// Creates the language context (the remembered choice, else pt-BR), keeps
/// `<html lang>` in step with it, and provides it to the component tree.
pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(remembered().unwrap_or_default()),
    };
    Effect::new(move |_| {
        let tag = i18n.locale().tag();
        if let Some(html) = document().document_element() {
            // Failing to set an attribute on <html> has no useful recovery.
            let _ = html.set_attribute("lang", tag);
        }
    });
    provide_context(i18n);
    i18n
}

/// The language context; a detached pt-BR one outside the application root.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        locale: RwSignal::new(Locale::default()),
    })
}

pub(crate) fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The language chosen earlier in this browser, if any and still supported.
fn remembered() -> Option<Locale> {
    let stored = local_storage()?.get_item(STORAGE_KEY).ok()??;
    // Tolerate a JSON-quoted value, as written by JSON-based storage helpers.
    Locale::from_tag(stored.trim().trim_matches('"'))
}

fn remember(locale: Locale) {
    if let Some(storage) = local_storage() {
        // Storage may be full or disabled (private mode): the choice then
        // lasts for this page only, which is acceptable.
        let _ = storage.set_item(STORAGE_KEY, locale.tag());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_text_in_every_language() {
        for &key in Key::ALL {
            for locale in Locale::ALL {
                let text = t(locale, key);
                assert!(!text.trim().is_empty(), "{key:?} is empty in {locale:?}");
                assert_eq!(text, text.trim(), "{key:?} has stray spaces in {locale:?}");
                assert!(
                    !text.contains("  "),
                    "{key:?} has a double space in {locale:?}"
                );
            }
        }
    }

    /// The `{name}` placeholders of a text, sorted.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn placeholders_appear_in_every_language() {
        for &key in Key::ALL {
            let in_portuguese = placeholders(t(Locale::PtBr, key));
            for locale in Locale::ALL {
                assert_eq!(
                    placeholders(t(locale, key)),
                    in_portuguese,
                    "{key:?} has different placeholders in {locale:?}"
                );
            }
        }
    }

    #[test]
    fn portuguese_is_the_default_language() {
        assert_eq!(Locale::default(), Locale::PtBr);
        assert_eq!(t(Locale::default(), Key::NavHome), "Início");
        assert_eq!(t(Locale::En, Key::NavHome), "Home");
    }

    #[test]
    fn every_language_has_a_name() {
        for locale in Locale::ALL {
            assert!(!endonym(locale).is_empty());
        }
    }

    #[test]
    fn database_names_are_shown_properly() {
        assert_eq!(database_name("sqlite"), "SQLite");
        assert_eq!(database_name("postgres"), "PostgreSQL");
        assert_eq!(database_name("other"), "other");
    }
}
