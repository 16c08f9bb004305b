#ifndef LABKIT_COPENSSL_SHIM_H
#define LABKIT_COPENSSL_SHIM_H

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

/// Returns the text of the oldest error on OpenSSL's error queue and clears the queue,
/// or writes an empty string when the queue is empty.
static inline void labkit_openssl_last_error(char *buffer, size_t length) {
    unsigned long code = ERR_get_error();
    if (code == 0) {
        if (length > 0) buffer[0] = '\0';
    } else {
        ERR_error_string_n(code, buffer, length);
    }
    ERR_clear_error();
}

/// Returns the selection bits for a key's private and public parts together.
///
/// `EVP_PKEY_KEYPAIR` is a macro built from other macros, which Swift cannot import.
static inline int labkit_evp_pkey_keypair(void) {
    return EVP_PKEY_KEYPAIR;
}

/// Returns the selection bits for a key's public part only.
///
/// `EVP_PKEY_PUBLIC_KEY` is also built from other macros.
static inline int labkit_evp_pkey_public_key(void) {
    return EVP_PKEY_PUBLIC_KEY;
}

/// Points `*data` at the bytes written so far to a memory BIO and returns their count.
///
/// `BIO_get_mem_data` is a macro over `BIO_ctrl`, which Swift cannot import.
static inline long labkit_bio_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/// Sets what a memory BIO returns when it is empty: `-1` makes reads report "retry",
/// which a TLS engine fed from a socket needs, and `0` reports end of file.
///
/// `BIO_set_mem_eof_return` is a macro over `BIO_ctrl`.
static inline long labkit_bio_set_mem_eof_return(BIO *bio, int value) {
    return BIO_set_mem_eof_return(bio, value);
}

/// Sets the lowest TLS version a context negotiates (`SSL_CTX_set_min_proto_version` is a macro).
static inline long labkit_ssl_ctx_set_min_proto_version(SSL_CTX *context, int version) {
    return SSL_CTX_set_min_proto_version(context, version);
}

/// Sets the highest TLS version a context negotiates (`SSL_CTX_set_max_proto_version` is a macro).
static inline long labkit_ssl_ctx_set_max_proto_version(SSL_CTX *context, int version) {
    return SSL_CTX_set_max_proto_version(context, version);
}

/// Adds a certificate to the chain a context sends after its own certificate, taking a
/// reference of its own (`SSL_CTX_add1_chain_cert` is a macro).
static inline long labkit_ssl_ctx_add1_chain_cert(SSL_CTX *context, X509 *certificate) {
    return SSL_CTX_add1_chain_cert(context, certificate);
}

/// Sets the server name a client sends in its Server Name Indication extension
/// (`SSL_set_tlsext_host_name` is a macro).
static inline long labkit_ssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

/// Returns the number of certificates in a stack (`sk_X509_num` is a type-checking macro).
static inline int labkit_sk_x509_num(const STACK_OF(X509) *stack) {
    return sk_X509_num(stack);
}

/// Returns the certificate at `index` in a stack, without taking a reference.
static inline X509 *labkit_sk_x509_value(const STACK_OF(X509) *stack, int index) {
    return sk_X509_value(stack, index);
}

/// Returns the reason code of an OpenSSL error code, such as `SSL_R_WRONG_VERSION_NUMBER`.
///
/// `ERR_GET_REASON` is an inline function in OpenSSL 3 but a macro in OpenSSL 1.1.
static inline int labkit_err_get_reason(unsigned long code) {
    return ERR_GET_REASON(code);
}

/// Returns the library code of an OpenSSL error code, such as `ERR_LIB_PEM`.
///
/// `ERR_GET_LIB` is an inline function in OpenSSL 3 but a macro in OpenSSL 1.1.
static inline int labkit_err_get_lib(unsigned long code) {
    return ERR_GET_LIB(code);
}

/// Turns off session resumption (session IDs and tickets) on a context, so that every
/// handshake is a full one. `SSL_CTX_set_session_cache_mode` and `SSL_OP_NO_TICKET` are macros.
static inline void labkit_ssl_ctx_disable_resumption(SSL_CTX *context) {
    SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(context, SSL_OP_NO_TICKET);
    SSL_CTX_set_num_tickets(context, 0);
}

#endif
