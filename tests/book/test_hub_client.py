"""The class test's HTTP client survives a proxy that drops idle keep-alive connections.

configurable-http-proxy closes a client connection after 5 s idle. A ``requests.Session`` that
reuses such a connection just as the proxy closes it gets ``Connection reset by peer``: that
failed a CI run (one student of five, after the notebook had run over the websocket). The server
below models the race exactly: it answers the first request on a connection as keep-alive and
resets the connection when a second request arrives on it.
"""
import socket
import struct
import threading

import pytest
import requests

from tools import hub_class


class ResettingServer:
    """Keeps a connection alive unless the request says ``Connection: close`` (as a server must);
    a second request on a kept connection gets a reset, as when the proxy's idle timer fires."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"
        self.connections = 0
        self.headers: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def _connection(self, conn):
        with conn:
            request = conn.recv(65536).decode("latin-1")
            self.headers.append(request)
            if "\r\nconnection: close\r\n" in request.lower():   # as node's http server does
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                return
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok")
            if conn.recv(65536):   # a second request on this connection: the proxy closes it now
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    def close(self):
        self.sock.close()


@pytest.fixture
def server():
    running = ResettingServer()
    yield running
    running.close()


def test_a_reused_keep_alive_connection_is_reset_by_the_model_proxy(server):
    """The model reproduces the CI failure with a plain session (so the test below can fail)."""
    session = requests.Session()
    assert session.get(server.url, timeout=5).text == "ok"
    with pytest.raises(requests.ConnectionError, match="Connection aborted"):
        session.get(server.url, timeout=5)


def test_the_class_clients_session_opens_a_connection_per_request(server):
    session = hub_class.client("secret")
    for _ in range(3):
        assert session.get(server.url, timeout=5).text == "ok"
    assert server.connections == 3
    assert all("connection: close" in h.lower() and "authorization: token secret" in h.lower()
               for h in server.headers)


def test_a_failed_student_is_reported_with_the_step_it_failed_in(server):
    hub = {"url": server.url.rstrip("/"), "password": "pw"}
    with pytest.raises(hub_class.HubError) as failed:
        hub_class._log_in_and_start(hub, "student1", 0.0)
    report = hub_class._failures({"student1": failed.value})
    assert report.startswith("student1: HubError('student1 could not log in: 200 ok')")
    assert "(in _log_in_and_start, line " in report and "raise HubError" in report
