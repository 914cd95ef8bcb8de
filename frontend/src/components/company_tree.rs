//! Companies as a tree of depth two: each consultancy with its client
//! companies, as the people who use Atende think of them. Used by the
//! companies screen and by every form that links something to companies.

use atende_types::companies::Company;
use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{Key, use_i18n};

/// The name people know a company by: the trade name, else the legal name.
pub fn display_name(company: &Company) -> String {
    company
        .trade_name
        .clone()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| company.legal_name.clone())
}

/// One consultancy and its clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    pub consultancy: Company,
    pub clients: Vec<Company>,
}

/// Companies arranged as a tree, each level sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    pub branches: Vec<Branch>,
    /// Clients whose consultancy is not in the list (outside the person's
    /// scope, or filtered out).
    pub orphans: Vec<Company>,
}

impl Tree {
    pub fn new(companies: Vec<Company>) -> Self {
        let by_name = |a: &Company, b: &Company| {
            display_name(a)
                .to_lowercase()
                .cmp(&display_name(b).to_lowercase())
        };
        let (mut consultancies, mut clients): (Vec<_>, Vec<_>) = companies
            .into_iter()
            .partition(|c| c.kind == "consultancy" || c.consultancy_id.is_none());
        consultancies.sort_by(by_name);
        clients.sort_by(by_name);
        let mut branches: Vec<Branch> = consultancies
            .into_iter()
            .map(|consultancy| Branch {
                consultancy,
                clients: Vec::new(),
            })
            .collect();
        let mut orphans = Vec::new();
        for client in clients {
            match branches
                .iter_mut()
                .find(|b| Some(b.consultancy.id) == client.consultancy_id)
            {
                Some(branch) => branch.clients.push(client),
                None => orphans.push(client),
            }
        }
        Self { branches, orphans }
    }

    pub fn is_empty(&self) -> bool {
        self.branches.is_empty() && self.orphans.is_empty()
    }
}

/// A fieldset of checkboxes, one per company, nested like the tree.
/// Linking a consultancy covers all of its clients, which the hint says.
#[component]
pub fn CompanyChecklist(
    /// Every company that may be picked.
    companies: Vec<Company>,
    selected: RwSignal<Vec<Uuid>>,
    legend: Key,
    #[prop(optional)] hint: Option<Key>,
    /// Prefix of the checkboxes' ids (unique per form).
    id_prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let tree = Tree::new(companies);
    let empty = tree.is_empty();
    let checkbox = move |company: Company| {
        let id = company.id;
        let input_id = format!("{id_prefix}-{id}");
        let toggle = move |ev: leptos::ev::Event| {
            let checked = event_target_checked(&ev);
            selected.update(|ids| {
                ids.retain(|other| *other != id);
                if checked {
                    ids.push(id);
                }
            });
        };
        view! {
            <span class="check">
                <input
                    type="checkbox"
                    class="check__input"
                    id=input_id.clone()
                    prop:checked=move || selected.with(|ids| ids.contains(&id))
                    on:change=toggle
                />
                <label class="check__label" for=input_id>
                    {display_name(&company)}
                </label>
            </span>
        }
    };
    let branches = tree
        .branches
        .into_iter()
        .map(|branch| {
            let clients = branch
                .clients
                .into_iter()
                .map(|client| view! { <li>{checkbox(client)}</li> })
                .collect_view();
            view! {
                <li>
                    {checkbox(branch.consultancy)}
                    <ul class="tree__children">{clients}</ul>
                </li>
            }
        })
        .collect_view();
    let orphans = tree
        .orphans
        .into_iter()
        .map(|client| view! { <li>{checkbox(client)}</li> })
        .collect_view();
    view! {
        <fieldset class="fieldset">
            <legend class="label">{move || i18n.t(legend)}</legend>
            {hint.map(|hint| view! { <p class="hint">{move || i18n.t(hint)}</p> })}
            {empty.then(|| view! { <p class="hint">{move || i18n.t(Key::CompaniesNone)}</p> })}
            <ul class="tree tree--checks">{branches} {orphans}</ul>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;

    fn company(name: &str, kind: &str, consultancy: Option<Uuid>) -> Company {
        Company {
            id: Uuid::from_u128(name.bytes().map(u128::from).sum::<u128>() + name.len() as u128),
            kind: kind.into(),
            consultancy_id: consultancy,
            legal_name: format!("{name} Ltda"),
            trade_name: Some(name.into()),
            cnpj: "11.222.333/0001-81".into(),
            segment_id: None,
            active: true,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[test]
    fn clients_hang_under_their_consultancy_sorted_by_name() {
        let horizonte = company("Horizonte", "consultancy", None);
        let nucleo = company("Núcleo", "consultancy", None);
        let tree = Tree::new(vec![
            company("Padaria", "client", Some(horizonte.id)),
            nucleo.clone(),
            company("Alicerce", "client", Some(horizonte.id)),
            horizonte.clone(),
            company("Órfã", "client", Some(Uuid::nil())),
        ]);
        let names: Vec<_> = tree
            .branches
            .iter()
            .map(|b| {
                (
                    display_name(&b.consultancy),
                    b.clients.iter().map(display_name).collect::<Vec<_>>(),
                )
            })
            .collect();
        assert_eq!(
            names,
            vec![
                (
                    "Horizonte".to_owned(),
                    vec!["Alicerce".to_owned(), "Padaria".to_owned()]
                ),
                ("Núcleo".to_owned(), Vec::new()),
            ]
        );
        assert_eq!(tree.orphans.len(), 1);
    }

    #[test]
    fn the_legal_name_stands_in_for_a_missing_trade_name() {
        let mut c = company("X", "client", None);
        c.trade_name = Some(" ".into());
        assert_eq!(display_name(&c), "X Ltda");
    }
}
