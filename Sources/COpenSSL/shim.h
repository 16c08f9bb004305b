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

#endif
