#!/usr/bin/env python3
"""Checks openapi/openapi.json the way an integrator would use it.

1. Generates a Python client from the document with openapi-python-client
   (PyPI), failing on any warning: an operation the generator skips, a
   schema it cannot parse, a duplicate model name.
2. Starts `atende` on a free port with a fresh SQLite database and the demo
   data, and uses the generated client to sign in, list and create a
   ticket, upload and download an attachment, read a dashboard (a
   discriminated union) and decode 422 and 401 answers as typed problems.

Run by `cargo xtask test` (after the server build) and `cargo xtask
client-check`, with the Python of clients/python/.venv:

    clients/python/.venv/bin/python clients/python/check.py \
        --bin target/debug/atende --spec openapi/openapi.json
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "atende_client"
ADMIN = ("admin@atende.demo", "Atende#Demo2026")
READY_TIMEOUT_S = 60


class CheckFailed(Exception):
    """A step did not do what the document promises."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def generate(spec: Path, into: Path) -> None:
    """Generates the client package `PACKAGE` under `into`."""
    tools = Path(sys.executable).parent
    generator = shutil.which("openapi-python-client", path=str(tools))
    expect(
        generator is not None,
        f"openapi-python-client is not installed next to {sys.executable}; "
        "run `pip install -r clients/python/requirements.txt` in that environment",
    )
    env = dict(os.environ)
    # The generator formats its output with ruff, found on PATH.
    env["PATH"] = f"{tools}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(spec),
            "--meta",
            "none",
            "--output-path",
            str(into / PACKAGE),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or "warning" in output.lower():
        raise CheckFailed(
            f"openapi-python-client did not generate cleanly (exit {result.returncode}):\n{output}"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def server(binary: Path) -> Iterator[str]:
    """A fresh `atende` with the demo data; yields its base URL."""
    with tempfile.TemporaryDirectory(prefix="atende-client-check-") as tmp:
        data = Path(tmp)
        port = free_port()
        env = dict(os.environ)
        env.update(
            {
                "ATENDE_HOST": "127.0.0.1",
                "ATENDE_PORT": str(port),
                "ATENDE_DATABASE_URL": f"sqlite://{data / 'atende.db'}?mode=rwc",
                "ATENDE_ATTACHMENTS_DIR": str(data / "attachments"),
                "ATENDE_SPA_DIR": str(data / "no-spa"),
                "ATENDE_DEMO_DATA": "true",
                "ATENDE_DEMO_SAMPLES": "false",
                "ATENDE_LOG_LEVEL": "warn",
            }
        )
        log_path = data / "server.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [str(binary), "serve"],
                cwd=data,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                base_url = f"http://127.0.0.1:{port}"
                wait_ready(base_url, process, log_path)
                yield base_url
            except BaseException:
                print(f"--- server log ({log_path}) ---", file=sys.stderr)
                print(log_path.read_text(errors="replace")[-4000:], file=sys.stderr)
                raise
            finally:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def wait_ready(base_url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CheckFailed(f"atende exited with {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(f"{base_url}/health/ready", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise CheckFailed(f"atende was not ready within {READY_TIMEOUT_S} s (log: {log_path})")


def exercise(base_url: str) -> list[str]:
    """Uses the generated client; returns what it checked."""
    client_module = importlib.import_module(PACKAGE)
    from atende_client.api.auth import auth_login
    from atende_client.api.companies import companies_list
    from atende_client.api.pending_items import pending_items_dashboard
    from atende_client.api.tickets import (
        tickets_attachments_download,
        tickets_attachments_list,
        tickets_attachments_upload,
        tickets_create,
        tickets_list,
    )
    from atende_client.models import (
        Attachment,
        AttachmentUpload,
        ErrorBody,
        GeneralDashboard,
        LoginRequest,
        PageCompany,
        PageTicket,
        Ticket,
        TicketCreate,
    )
    from atende_client.types import File

    done: list[str] = []
    anonymous = client_module.Client(base_url=base_url, raise_on_unexpected_status=True)

    # Sign in: the answer is a union told apart by `status`.
    answer = auth_login.sync_detailed(
        client=anonymous, body=LoginRequest(email=ADMIN[0], password=ADMIN[1])
    )
    expect(answer.status_code == 200, f"sign-in answered {answer.status_code}: {answer.content!r}")
    tokens = getattr(answer.parsed, "tokens", None)
    expect(tokens is not None, f"sign-in did not decode to tokens: {answer.parsed!r}")
    client = client_module.AuthenticatedClient(
        base_url=base_url, token=tokens.access_token, raise_on_unexpected_status=True
    )
    done.append(f"signs in as {ADMIN[0]}")

    page = tickets_list.sync(client=client, limit=10)
    expect(isinstance(page, PageTicket), f"the ticket list decoded to {page!r}")
    done.append(f"lists tickets ({len(page.items)} on the first page)")

    companies = companies_list.sync(client=client, kind="client")
    expect(
        isinstance(companies, PageCompany) and companies.items,
        f"no client company to open a ticket for: {companies!r}",
    )
    company = companies.items[0]
    ticket = tickets_create.sync(
        client=client,
        body=TicketCreate(
            subject="Nota fiscal não chegou",
            description="Aberto pelo cliente gerado do OpenAPI.",
            company_id=company.id,
        ),
    )
    expect(isinstance(ticket, Ticket), f"creating a ticket decoded to {ticket!r}")
    expect(ticket.company_id == company.id, "the ticket is not on the company asked for")
    listed = tickets_list.sync(client=client, limit=50)
    expect(
        isinstance(listed, PageTicket) and any(t.id == ticket.id for t in listed.items),
        "the new ticket is not in the list",
    )
    done.append(f"creates ticket {ticket.reference} on {company.legal_name}")

    content = "Comprovante de pagamento\n".encode()
    attachment = tickets_attachments_upload.sync(
        ticket.id,
        client=client,
        body=AttachmentUpload(
            file=File(payload=io.BytesIO(content), file_name="comprovante.txt", mime_type="text/plain")
        ),
    )
    expect(isinstance(attachment, Attachment), f"the upload decoded to {attachment!r}")
    expect(attachment.size == len(content), f"stored {attachment.size} bytes, sent {len(content)}")
    attachments = tickets_attachments_list.sync(ticket.id, client=client)
    expect(
        isinstance(attachments, list) and [a.id for a in attachments] == [attachment.id],
        f"the ticket's attachments are {attachments!r}",
    )
    downloaded = tickets_attachments_download.sync(attachment.id, client=client)
    expect(isinstance(downloaded, File), f"the download decoded to {downloaded!r}")
    expect(downloaded.payload.read() == content, "the download differs from the upload")
    done.append("uploads an attachment and downloads the same bytes")

    dashboard = pending_items_dashboard.sync(client=client, kind="general")
    expect(isinstance(dashboard, GeneralDashboard), f"the dashboard decoded to {dashboard!r}")
    done.append("reads the general dashboard from the `kind` union")

    # A typed problem: status, stable code and the field that failed.
    invalid = tickets_create.sync_detailed(
        client=client,
        body=TicketCreate(subject="", description="sem assunto", company_id=company.id),
    )
    problem = invalid.parsed
    expect(invalid.status_code == 422, f"an empty subject answered {invalid.status_code}")
    expect(
        invalid.headers.get("content-type", "").startswith("application/problem+json"),
        f"the 422 came as {invalid.headers.get('content-type')}",
    )
    expect(isinstance(problem, ErrorBody), f"the 422 decoded to {problem!r}")
    expect(
        problem.status == 422 and problem.code == "validation" and problem.field == "subject",
        f"the problem is {problem.to_dict()}",
    )
    done.append(f"decodes a 422 as ErrorBody (code {problem.code}, field {problem.field})")

    stranger = client_module.AuthenticatedClient(
        base_url=base_url, token="not-a-token", raise_on_unexpected_status=True
    )
    denied = tickets_list.sync_detailed(client=stranger)
    expect(
        denied.status_code == 401 and isinstance(denied.parsed, ErrorBody),
        f"a bad token answered {denied.status_code}: {denied.parsed!r}",
    )
    expect(denied.parsed.code == "unauthenticated", f"the 401 is {denied.parsed.to_dict()}")
    done.append("decodes a 401 as ErrorBody")
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi" / "openapi.json")
    parser.add_argument("--bin", type=Path, default=ROOT / "target" / "debug" / "atende")
    args = parser.parse_args()
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="atende-client-") as out:
            generate(args.spec.resolve(), Path(out))
            print(f"ok   generated `{PACKAGE}` from {args.spec} without warnings")
            sys.path.insert(0, out)
            expect(args.bin.exists(), f"no server binary at {args.bin}; build it first")
            with server(args.bin.resolve()) as base_url:
                for step in exercise(base_url):
                    print(f"ok   {step}")
    except CheckFailed as failure:
        print(f"FAIL {failure}", file=sys.stderr)
        return 1
    print(f"generated-client check passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
