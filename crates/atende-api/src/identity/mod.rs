//! Identity: users, their roles and the companies they are linked to, and
//! how their passwords are kept. Routes (login, invitations, user
//! management) come with the authentication slice.

pub mod password;
pub mod user;
pub mod user_company;
