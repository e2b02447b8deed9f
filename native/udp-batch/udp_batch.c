/*
 * udp_batch: a UDP socket for the DNS filter that moves datagrams in batches.
 *
 * Node's dgram costs, per query, one recvmsg syscall, one JS callback, a Buffer and an rinfo
 * object, and per answer a send request and one sendmsg syscall. Here one readiness event reads
 * up to BATCH datagrams with one recvmmsg into buffers JS allocated once, calls JS once with the
 * count, and sends every answer JS wrote with one sendmmsg. Linux only (recvmmsg/sendmmsg).
 *
 * Shared memory layout (JS allocates it, C keeps pointers while the socket is started):
 *   in      BATCH × SLOT bytes     datagram i at i × SLOT
 *   out     BATCH × SLOT bytes     the answer to datagram i, written by JS
 *   meta    BATCH × META int32     [i×META + 0] bytes received (−1: truncated, skip)
 *                                  [i×META + 1] 1 = same source IP as the previous datagram
 *                                  [i×META + 2] length of the IP text (when not the same)
 *                                  [i×META + 3] answer length, written by JS (0 = none)
 *   ipText  BATCH × IPTEXT bytes   the source IP as Node's rinfo.address spells it
 *   addrs   BATCH × ADDR bytes     the source sockaddr (used as the answer's destination)
 */
#define NAPI_VERSION 8
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#define BATCH 64
#define SLOT 4096
#define META 4
#define IPTEXT 64
#define ADDR 28
/* batches per readiness event: enough to drain a burst, few enough that timers and HTTP on the same loop still run */
#define MAX_ROUNDS 8

_Static_assert(sizeof(struct sockaddr_in6) == ADDR, "ADDR must hold a sockaddr_in6");
_Static_assert(IPTEXT >= INET6_ADDRSTRLEN + 1 + UV_IF_NAMESIZE, "IPTEXT must hold an address with its zone");

typedef struct {
  uv_poll_t poll;
  napi_env env;
  int fd;
  int family;
  int started;
  int hooked;
  int closed;
  int uv_closed;
  int finalized;
  /* inside napi_make_callback: the async context is in use and is destroyed after it returns */
  int in_callback;
  napi_ref cb_ref;
  napi_ref buf_refs[5];
  napi_async_context actx;
  uint8_t *in, *out, *ip_text, *addrs;
  int32_t *meta;
  struct mmsghdr rmsg[BATCH];
  struct iovec riov[BATCH];
  struct mmsghdr smsg[BATCH];
  struct iovec siov[BATCH];
  socklen_t namelen[BATCH];
  /* the source of the last datagram handed to JS, for the "same IP" flag across batches */
  struct sockaddr_in6 last;
  int have_last;
  double batches, messages, truncated, dropped, send_errors;
} sock_t;

/* ── errors ────────────────────────────────────────────────────────────────────────────────── */

static void throw_errno(napi_env env, int err, const char *syscall) {
  const char *code = uv_err_name(-err);
  char msg[256];
  snprintf(msg, sizeof msg, "%s %s: %s", syscall, code, strerror(err));
  napi_value ecode, emsg, error, v;
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &ecode);
  napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &emsg);
  napi_create_error(env, ecode, emsg, &error);
  napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, error, "syscall", v);
  napi_create_int32(env, -err, &v);
  napi_set_named_property(env, error, "errno", v);
  napi_throw(env, error);
}

#define CHECK(call)                                                                                                            \
  do {                                                                                                                         \
    if ((call) != napi_ok) {                                                                                                   \
      bool pending_ = false;                                                                                                   \
      napi_is_exception_pending(env, &pending_);                                                                               \
      if (!pending_) napi_throw_error(env, "ERR_UDP_BATCH", "udp_batch: " #call " failed");                                 \
      return NULL;                                                                                                             \
    }                                                                                                                          \
  } while (0)

#define REQUIRE(cond, msg)                                                                                                     \
  do {                                                                                                                         \
    if (!(cond)) {                                                                                                             \
      napi_throw_type_error(env, "ERR_INVALID_ARG", msg);                                                                      \
      return NULL;                                                                                                             \
    }                                                                                                                          \
  } while (0)

/* ── lifetime ──────────────────────────────────────────────────────────────────────────────── */

/* The struct holds the uv handle: it is freed once libuv is done with it and JS no longer holds it. */
static void maybe_free(sock_t *s) {
  if (s->finalized && (!s->started || s->uv_closed)) free(s);
}

static void on_uv_closed(uv_handle_t *h) {
  sock_t *s = (sock_t *)h->data;
  s->uv_closed = 1;
  maybe_free(s);
}

static void env_cleanup(void *arg);

/* Stops polling and closes the fd. `teardown`: the environment is going away (process or worker
 * exit), so no N-API calls that could run JS; references are released by the environment itself. */
static void do_close(sock_t *s, int teardown) {
  if (s->closed) return;
  s->closed = 1;
  if (s->started) {
    uv_poll_stop(&s->poll);
    /* before close(fd): libuv removes the fd from epoll while it is still open */
    uv_close((uv_handle_t *)&s->poll, on_uv_closed);
  }
  if (!teardown) {
    napi_env env = s->env;
    if (s->hooked) napi_remove_env_cleanup_hook(env, env_cleanup, s);
    s->hooked = 0;
    if (s->cb_ref) napi_delete_reference(env, s->cb_ref);
    for (int i = 0; i < 5; i++)
      if (s->buf_refs[i]) napi_delete_reference(env, s->buf_refs[i]);
    if (s->actx && !s->in_callback) {
      napi_async_destroy(env, s->actx);
      s->actx = NULL;
    }
    s->cb_ref = NULL;
    memset(s->buf_refs, 0, sizeof s->buf_refs);
  }
  if (s->fd >= 0) close(s->fd);
  s->fd = -1;
}

/* A worker thread's loop must have no active handle left when it exits: close before that. */
static void env_cleanup(void *arg) { do_close((sock_t *)arg, 1); }

static void finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  sock_t *s = (sock_t *)data;
  /* normally closed already (JS keeps the handle while polling); otherwise nothing can close it any more */
  do_close(s, 0);
  s->finalized = 1;
  maybe_free(s);
}

static sock_t *get_sock(napi_env env, napi_value v) {
  void *p = NULL;
  if (napi_get_value_external(env, v, &p) != napi_ok || p == NULL) {
    napi_throw_type_error(env, "ERR_INVALID_ARG", "udp_batch: not a socket handle");
    return NULL;
  }
  return (sock_t *)p;
}

/* The arguments of a call whose first one is a socket handle: exactly n of them, into argv. Returns
 * the socket, or NULL with an exception pending. */
static sock_t *sock_call(napi_env env, napi_callback_info info, size_t n, napi_value *argv, const char *usage) {
  size_t argc = n;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) {
    napi_throw_error(env, "ERR_UDP_BATCH", "udp_batch: napi_get_cb_info failed");
    return NULL;
  }
  if (argc != n) {
    napi_throw_type_error(env, "ERR_INVALID_ARG", usage);
    return NULL;
  }
  return get_sock(env, argv[0]);
}

/* ── bind(host, port, rcvbuf, sndbuf, reusePort) → handle ─────────────────────────────────── */

static napi_value js_bind(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  REQUIRE(argc == 5, "udp_batch.bind(host, port, rcvbuf, sndbuf, reusePort)");
  char host[64];
  size_t hl = 0;
  CHECK(napi_get_value_string_utf8(env, argv[0], host, sizeof host, &hl));
  int32_t port = 0, rcvbuf = 0, sndbuf = 0;
  bool reuse = false;
  CHECK(napi_get_value_int32(env, argv[1], &port));
  CHECK(napi_get_value_int32(env, argv[2], &rcvbuf));
  CHECK(napi_get_value_int32(env, argv[3], &sndbuf));
  CHECK(napi_get_value_bool(env, argv[4], &reuse));
  REQUIRE(port >= 0 && port <= 65535, "udp_batch.bind: port out of range");

  struct sockaddr_in6 sa;
  memset(&sa, 0, sizeof sa);
  socklen_t salen;
  int family;
  if (strchr(host, ':')) {
    family = AF_INET6;
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, host, &sa.sin6_addr) != 1) {
      throw_errno(env, EINVAL, "bind");
      return NULL;
    }
    salen = sizeof(struct sockaddr_in6);
  } else {
    family = AF_INET;
    struct sockaddr_in *s4 = (struct sockaddr_in *)&sa;
    s4->sin_family = AF_INET;
    s4->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &s4->sin_addr) != 1) {
      throw_errno(env, EINVAL, "bind");
      return NULL;
    }
    salen = sizeof(struct sockaddr_in);
  }

  int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw_errno(env, errno, "socket");
    return NULL;
  }
  int zero = 0, one = 1;
  const char *failed = NULL;
  /* dual stack, as dgram with ipv6Only: false: IPv4 clients arrive as ::ffff:a.b.c.d */
  if (family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero) < 0) failed = "setsockopt";
  if (!failed && rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) < 0) failed = "setsockopt";
  if (!failed && sndbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf) < 0) failed = "setsockopt";
  if (!failed && reuse && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0) failed = "setsockopt";
  if (!failed && bind(fd, (struct sockaddr *)&sa, salen) < 0) failed = "bind";
  if (failed) {
    int err = errno;
    close(fd);
    throw_errno(env, err, failed);
    return NULL;
  }

  sock_t *s = calloc(1, sizeof(sock_t));
  if (!s) {
    close(fd);
    throw_errno(env, ENOMEM, "bind");
    return NULL;
  }
  s->fd = fd;
  s->family = family;
  s->env = env;
  napi_value handle;
  if (napi_create_external(env, s, finalize, NULL, &handle) != napi_ok) {
    close(fd);
    free(s);
    napi_throw_error(env, "ERR_UDP_BATCH", "udp_batch: napi_create_external failed");
    return NULL;
  }
  return handle;
}

/* ── port(handle) → the bound port ────────────────────────────────────────────────────────── */

static napi_value js_port(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  sock_t *s = sock_call(env, info, 1, argv, "udp_batch.port(handle)");
  if (!s) return NULL;
  if (s->closed) {
    throw_errno(env, EBADF, "getsockname");
    return NULL;
  }
  struct sockaddr_in6 sa;
  socklen_t len = sizeof sa;
  if (getsockname(s->fd, (struct sockaddr *)&sa, &len) < 0) {
    throw_errno(env, errno, "getsockname");
    return NULL;
  }
  /* sin_port and sin6_port sit at the same offset */
  napi_value v;
  CHECK(napi_create_int32(env, ntohs(sa.sin6_port), &v));
  return v;
}

/* ── the batch loop ────────────────────────────────────────────────────────────────────────── */

/* Same IP, port ignored: the engine maps clients by address, so the JS side reuses the string. */
static int same_ip(const struct sockaddr_in6 *a, const struct sockaddr_in6 *b) {
  if (a->sin6_family != b->sin6_family) return 0;
  if (a->sin6_family == AF_INET)
    return ((const struct sockaddr_in *)a)->sin_addr.s_addr == ((const struct sockaddr_in *)b)->sin_addr.s_addr;
  return memcmp(&a->sin6_addr, &b->sin6_addr, 16) == 0 && a->sin6_scope_id == b->sin6_scope_id;
}

/* The address as Node's rinfo.address spells it (node's AddressToJS: uv_inet_ntop, and a zone
 * for link-local IPv6), so clients map exactly as they do behind dgram. */
static int ip_text(const struct sockaddr_in6 *a, char *dst) {
  dst[0] = 0;
  if (a->sin6_family == AF_INET) {
    if (uv_inet_ntop(AF_INET, &((const struct sockaddr_in *)a)->sin_addr, dst, IPTEXT) != 0) return 0;
    return (int)strlen(dst);
  }
  if (uv_inet_ntop(AF_INET6, &a->sin6_addr, dst, IPTEXT) != 0) return 0;
  size_t n = strlen(dst);
  if (IN6_IS_ADDR_LINKLOCAL(&a->sin6_addr) && a->sin6_scope_id > 0) {
    size_t rest = IPTEXT - n - 1;
    dst[n] = '%';
    if (uv_if_indextoiid(a->sin6_scope_id, dst + n + 1, &rest) != 0) dst[n] = 0;
    n = strlen(dst);
  }
  return (int)n;
}

/* Calls JS with the count. Returns 0, or −1 when JS threw (reported as an uncaught exception). */
static int call_js(sock_t *s, int n) {
  napi_env env = s->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return -1;
  int rc = -1;
  napi_value cb, global, argv, result;
  if (napi_get_reference_value(env, s->cb_ref, &cb) == napi_ok && napi_get_global(env, &global) == napi_ok &&
      napi_create_int32(env, n, &argv) == napi_ok) {
    /* make_callback, not call_function: nextTicks and promise jobs (late answers) run when it returns */
    s->in_callback = 1;
    napi_status st = napi_make_callback(env, s->actx, global, cb, 1, &argv, &result);
    s->in_callback = 0;
    if (st == napi_ok) {
      rc = 0;
    } else {
      /* A throw here is a bug in the transport (it catches the engine's own errors): surface it as
       * Node does for any callback, through 'uncaughtException', rather than hide it. */
      bool pending = false;
      napi_is_exception_pending(env, &pending);
      if (pending) {
        napi_value err;
        napi_get_and_clear_last_exception(env, &err);
        napi_fatal_exception(env, err);
      }
    }
  }
  if (s->closed && s->actx) {
    /* closed from the callback: its async context can go now that the callback returned */
    napi_async_destroy(env, s->actx);
    s->actx = NULL;
  }
  napi_close_handle_scope(env, scope);
  return rc;
}

static void send_answers(sock_t *s, int n) {
  int k = 0;
  for (int i = 0; i < n; i++) {
    int32_t len = s->meta[i * META + 3];
    if (len <= 0 || len > SLOT || s->meta[i * META] < 0) continue;
    s->siov[k].iov_base = s->out + (size_t)i * SLOT;
    s->siov[k].iov_len = (size_t)len;
    struct msghdr *h = &s->smsg[k].msg_hdr;
    h->msg_name = s->addrs + (size_t)i * ADDR;
    h->msg_namelen = s->namelen[i];
    h->msg_iov = &s->siov[k];
    h->msg_iovlen = 1;
    h->msg_control = NULL;
    h->msg_controllen = 0;
    h->msg_flags = 0;
    k++;
  }
  int sent = 0;
  while (sent < k) {
    int r = sendmmsg(s->fd, s->smsg + sent, (unsigned)(k - sent), 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
        /* the send buffer is full: UDP may drop, and the client retries */
        s->dropped += k - sent;
        break;
      }
      /* this one destination failed (e.g. unreachable): skip it, send the rest */
      s->send_errors++;
      sent++;
      continue;
    }
    sent += r;
  }
}

static void on_readable(uv_poll_t *p, int status, int events) {
  (void)events;
  sock_t *s = (sock_t *)p->data;
  if (s->closed) return;
  if (status < 0) {
    /* libuv stops the handle on POLLERR. A pending socket error (none is queued on an unconnected
     * UDP socket without IP_RECVERR, but be sure) is cleared by reading it; then poll again. */
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    uv_poll_start(&s->poll, UV_READABLE, on_readable);
    return;
  }
  for (int round = 0; round < MAX_ROUNDS; round++) {
    for (int i = 0; i < BATCH; i++) {
      s->rmsg[i].msg_hdr.msg_namelen = ADDR;
      s->rmsg[i].msg_hdr.msg_flags = 0;
    }
    int n = recvmmsg(s->fd, s->rmsg, BATCH, MSG_DONTWAIT, NULL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return; /* EAGAIN: drained; other errors (ICMP reports) are per datagram, not fatal */
    s->batches++;
    s->messages += n;
    for (int i = 0; i < n; i++) {
      int32_t *m = s->meta + i * META;
      const struct msghdr *h = &s->rmsg[i].msg_hdr;
      m[3] = 0;
      s->namelen[i] = h->msg_namelen;
      if (h->msg_flags & MSG_TRUNC) {
        /* larger than a slot: no DNS query is; dropped without touching the IP memo */
        m[0] = -1;
        s->truncated++;
        continue;
      }
      m[0] = (int32_t)s->rmsg[i].msg_len;
      const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(s->addrs + (size_t)i * ADDR);
      if (s->have_last && same_ip(a, &s->last)) {
        m[1] = 1;
      } else {
        m[1] = 0;
        m[2] = ip_text(a, (char *)s->ip_text + (size_t)i * IPTEXT);
        memcpy(&s->last, a, h->msg_namelen < ADDR ? h->msg_namelen : ADDR);
        s->have_last = 1;
      }
    }
    if (call_js(s, n) != 0) return;
    if (s->closed) return; /* JS closed the socket from the callback */
    send_answers(s, n);
    if (n < BATCH) return; /* the queue was drained a moment ago: skip the recvmmsg that would say EAGAIN */
  }
}

/* ── start(handle, in, out, meta, ipText, addrs, callback) ────────────────────────────────── */

static int typed_bytes(napi_env env, napi_value v, napi_typedarray_type want, size_t need, void **data) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  napi_typedarray_type t;
  size_t length = 0, offset = 0;
  napi_value ab;
  if (napi_get_typedarray_info(env, v, &t, &length, data, &ab, &offset) != napi_ok) return 0;
  return t == want && length >= need;
}

static napi_value js_start(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  sock_t *s = sock_call(env, info, 7, argv, "udp_batch.start(handle, in, out, meta, ipText, addrs, callback)");
  if (!s) return NULL;
  REQUIRE(!s->started && !s->closed, "udp_batch.start: already started or closed");
  void *in, *out, *meta, *ipt, *addrs;
  REQUIRE(typed_bytes(env, argv[1], napi_uint8_array, (size_t)BATCH * SLOT, &in), "udp_batch.start: in must be a Uint8Array of BATCH × SLOT bytes");
  REQUIRE(typed_bytes(env, argv[2], napi_uint8_array, (size_t)BATCH * SLOT, &out), "udp_batch.start: out must be a Uint8Array of BATCH × SLOT bytes");
  REQUIRE(typed_bytes(env, argv[3], napi_int32_array, (size_t)BATCH * META, &meta), "udp_batch.start: meta must be an Int32Array of BATCH × META");
  REQUIRE(typed_bytes(env, argv[4], napi_uint8_array, (size_t)BATCH * IPTEXT, &ipt), "udp_batch.start: ipText must be a Uint8Array of BATCH × IPTEXT bytes");
  REQUIRE(typed_bytes(env, argv[5], napi_uint8_array, (size_t)BATCH * ADDR, &addrs), "udp_batch.start: addrs must be a Uint8Array of BATCH × ADDR bytes");
  napi_valuetype t;
  CHECK(napi_typeof(env, argv[6], &t));
  REQUIRE(t == napi_function, "udp_batch.start: callback must be a function");

  uv_loop_t *loop;
  CHECK(napi_get_uv_event_loop(env, &loop));
  s->in = in;
  s->out = out;
  s->meta = meta;
  s->ip_text = ipt;
  s->addrs = addrs;
  /* the arrays stay alive (their memory is read and written here) until close */
  for (int i = 0; i < 5; i++) CHECK(napi_create_reference(env, argv[1 + i], 1, &s->buf_refs[i]));
  CHECK(napi_create_reference(env, argv[6], 1, &s->cb_ref));
  napi_value resource, name;
  CHECK(napi_create_object(env, &resource));
  CHECK(napi_create_string_utf8(env, "lachan:udp-batch", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_async_init(env, resource, name, &s->actx));
  CHECK(napi_add_env_cleanup_hook(env, env_cleanup, s));
  s->hooked = 1;
  for (int i = 0; i < BATCH; i++) {
    s->riov[i].iov_base = s->in + (size_t)i * SLOT;
    s->riov[i].iov_len = SLOT;
    struct msghdr *h = &s->rmsg[i].msg_hdr;
    h->msg_name = s->addrs + (size_t)i * ADDR;
    h->msg_namelen = ADDR;
    h->msg_iov = &s->riov[i];
    h->msg_iovlen = 1;
    h->msg_control = NULL;
    h->msg_controllen = 0;
  }
  int r = uv_poll_init(loop, &s->poll, s->fd);
  if (r != 0) {
    do_close(s, 0);
    throw_errno(env, -r, "uv_poll_init");
    return NULL;
  }
  s->poll.data = s;
  s->started = 1; /* from here the uv handle exists and must be closed */
  r = uv_poll_start(&s->poll, UV_READABLE, on_readable);
  if (r != 0) {
    do_close(s, 0);
    throw_errno(env, -r, "uv_poll_start");
    return NULL;
  }
  return NULL;
}

/* ── sendTo(handle, data, addr) → 0 or −errno ──────────────────────────────────────────────── */

static napi_value js_send_to(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  sock_t *s = sock_call(env, info, 3, argv, "udp_batch.sendTo(handle, data, addr)");
  if (!s) return NULL;
  void *data, *addr;
  size_t len = 0, alen = 0;
  napi_typedarray_type t;
  napi_value ab;
  size_t off;
  bool is = false;
  CHECK(napi_is_typedarray(env, argv[1], &is));
  REQUIRE(is, "udp_batch.sendTo: data must be a Uint8Array");
  CHECK(napi_get_typedarray_info(env, argv[1], &t, &len, &data, &ab, &off));
  REQUIRE(t == napi_uint8_array, "udp_batch.sendTo: data must be a Uint8Array");
  REQUIRE(typed_bytes(env, argv[2], napi_uint8_array, sizeof(struct sockaddr_in), &addr), "udp_batch.sendTo: addr must be a Uint8Array");
  CHECK(napi_get_typedarray_info(env, argv[2], &t, &alen, &addr, &ab, &off));
  int rc = 0;
  if (s->closed) {
    rc = -EBADF;
  } else {
    const struct sockaddr *sa = (const struct sockaddr *)addr;
    socklen_t salen = sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    if (salen > alen || (sa->sa_family != AF_INET && sa->sa_family != AF_INET6)) rc = -EINVAL;
    else if (sendto(s->fd, data, len, 0, sa, salen) < 0) rc = -errno;
  }
  if (rc != 0) s->send_errors++;
  napi_value v;
  CHECK(napi_create_int32(env, rc, &v));
  return v;
}

/* ── close(handle) ─────────────────────────────────────────────────────────────────────────── */

static napi_value js_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  sock_t *s = sock_call(env, info, 1, argv, "udp_batch.close(handle)");
  if (!s) return NULL;
  do_close(s, 0);
  return NULL;
}

/* ── stats(handle) → { batches, messages, truncated, dropped, sendErrors } ────────────────── */

static napi_value js_stats(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  sock_t *s = sock_call(env, info, 1, argv, "udp_batch.stats(handle)");
  if (!s) return NULL;
  napi_value o, v;
  CHECK(napi_create_object(env, &o));
  const char *names[] = {"batches", "messages", "truncated", "dropped", "sendErrors"};
  double vals[] = {s->batches, s->messages, s->truncated, s->dropped, s->send_errors};
  for (int i = 0; i < 5; i++) {
    CHECK(napi_create_double(env, vals[i], &v));
    CHECK(napi_set_named_property(env, o, names[i], v));
  }
  return o;
}

NAPI_MODULE_INIT() {
  struct {
    const char *name;
    napi_callback fn;
  } fns[] = {{"bind", js_bind}, {"port", js_port}, {"start", js_start}, {"sendTo", js_send_to}, {"close", js_close}, {"stats", js_stats}};
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    napi_value f;
    if (napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL, &f) != napi_ok) return NULL;
    if (napi_set_named_property(env, exports, fns[i].name, f) != napi_ok) return NULL;
  }
  struct {
    const char *name;
    int value;
  } consts[] = {{"BATCH", BATCH}, {"SLOT", SLOT}, {"META", META}, {"IPTEXT", IPTEXT}, {"ADDR", ADDR}};
  for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++) {
    napi_value v;
    if (napi_create_int32(env, consts[i].value, &v) != napi_ok) return NULL;
    if (napi_set_named_property(env, exports, consts[i].name, v) != napi_ok) return NULL;
  }
  return exports;
}
