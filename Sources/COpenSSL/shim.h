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

#endif
