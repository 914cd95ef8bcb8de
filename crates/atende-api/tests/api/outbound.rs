//! The outbound client over real sockets: a listener on loopback stands
//! where an attacker would point a webhook, and no form of its address
//! reaches it; redirects are answers, never followed.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use atende_api::outbound::{Outbound, OutboundError};
use atende_core::outbound::parse_allowed;
use reqwest::Method;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

/// Listens on `addr`, answering every connection with `answer` and
/// counting them. `None` when the address cannot be bound here.
async fn listener(addr: &str, answer: String) -> Option<(u16, Arc<AtomicUsize>)> {
    let socket = TcpListener::bind(addr).await.ok()?;
    let port = socket.local_addr().ok()?.port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = socket.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            // The request's head first, then the answer.
            let mut seen = Vec::new();
            let mut buffer = [0_u8; 4096];
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buffer[..n]),
                }
            }
            let _ = stream.write_all(answer.as_bytes()).await;
        }
    });
    Some((port, hits))
}

const OK: &str = "HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

/// Calls `url`; the error when it was refused or failed.
async fn call(outbound: &Outbound, url: &str) -> Result<u16, OutboundError> {
    let request = outbound.request(Method::POST, url)?.body("{}");
    Ok(outbound.send(request).await?.status().as_u16())
}

#[tokio::test]
async fn no_form_of_a_private_address_is_reached() {
    atende_testkit::install_crypto_provider();
    let (port, hits) = listener("127.0.0.1:0", OK.into()).await.unwrap();
    // The same port on IPv6 loopback when the machine has it.
    let v6 = listener(&format!("[::1]:{port}"), OK.into()).await;
    let outbound = Outbound::new(Vec::new()).unwrap();
    let forms = [
        "http://127.0.0.1:{p}/",
        "http://127.1:{p}/",
        "http://2130706433:{p}/",
        "http://0x7f000001:{p}/",
        "http://0x7f.0.0.1:{p}/",
        "http://0177.0.0.1:{p}/",
        "http://017700000001:{p}/",
        "http://127.000.000.001:{p}/",
        "http://0:{p}/",
        "http://0.0.0.0:{p}/",
        "https://127.0.0.1:{p}/",
        "http://user:secret@127.0.0.1:{p}/",
        "http://[::1]:{p}/",
        "http://[0:0:0:0:0:0:0:1]:{p}/",
        "http://[::]:{p}/",
        "http://[::ffff:127.0.0.1]:{p}/",
        "http://[::ffff:7f00:1]:{p}/",
        "http://[::127.0.0.1]:{p}/",
        "http://[64:ff9b::127.0.0.1]:{p}/",
        "http://[2002:7f00:1::1]:{p}/",
        "http://localhost:{p}/",
        "http://LocalHost:{p}/path?q=1",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]:{p}/",
        "http://[fd00::1]:{p}/",
        "http://10.0.0.1:{p}/",
        "http://172.16.0.1:{p}/",
        "http://192.168.0.1:{p}/",
        "http://100.64.0.1:{p}/",
        "http://224.0.0.1:{p}/",
        "http://255.255.255.255:{p}/",
        "http://192.0.2.1:{p}/",
        "http://[2001:db8::1]:{p}/",
    ];
    assert!(forms.len() >= 25);
    for form in forms {
        let url = form.replace("{p}", &port.to_string());
        match call(&outbound, &url).await {
            Ok(status) => panic!("{url} was called ({status})"),
            Err(e) => assert!(e.is_blocked(), "{url}: refused for another reason: {e}"),
        }
    }
    // Not URLs of the web at all.
    for url in [
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/",
        "ftp://127.0.0.1/",
    ] {
        assert!(
            matches!(call(&outbound, url).await, Err(OutboundError::Scheme)),
            "{url}"
        );
    }
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the IPv4 listener was reached"
    );
    if let Some((_, hits)) = v6 {
        assert_eq!(
            hits.load(Ordering::SeqCst),
            0,
            "the IPv6 listener was reached"
        );
    }
}

#[tokio::test]
async fn the_allow_list_opens_only_what_it_names_and_redirects_are_not_followed() {
    atende_testkit::install_crypto_provider();
    let (target, target_hits) = listener("127.0.0.1:0", OK.into()).await.unwrap();
    let redirect = format!(
        "HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:{target}/\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    );
    let (port, hits) = listener("127.0.0.2:0", redirect).await.unwrap();
    let outbound = Outbound::new(parse_allowed(&["127.0.0.2".into()]).unwrap()).unwrap();
    // The allowed receiver is called; its redirect is the answer.
    assert_eq!(
        call(&outbound, &format!("http://127.0.0.2:{port}/hook"))
            .await
            .unwrap(),
        302
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(
        target_hits.load(Ordering::SeqCst),
        0,
        "the redirect was followed"
    );
    // Its neighbour stays refused.
    let refused = call(&outbound, &format!("http://127.0.0.1:{target}/")).await;
    assert!(refused.is_err_and(|e| e.is_blocked()));
    assert_eq!(target_hits.load(Ordering::SeqCst), 0);
}
