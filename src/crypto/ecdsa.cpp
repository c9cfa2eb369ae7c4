#include "crypto/ecdsa.hpp"

#include "crypto/hash.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <vector>

namespace stackd::crypto {
namespace {

constexpr size_t kCoordinateBytes = 32;

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* pointer) const { Free(pointer); }
};
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, Deleter<BN_CTX, BN_CTX_free>>;
using EcGroupPtr = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP, EC_GROUP_free>>;
using EcPointPtr = std::unique_ptr<EC_POINT, Deleter<EC_POINT, EC_POINT_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;

const unsigned char* Bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

BnPtr ToBn(std::string_view big_endian) {
    return BnPtr(BN_bin2bn(Bytes(big_endian), static_cast<int>(big_endian.size()), nullptr));
}

std::string Padded(const BIGNUM* value) {
    std::string out(kCoordinateBytes, '\0');
    BN_bn2binpad(value, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(kCoordinateBytes));
    return out;
}

// Builds an EVP_PKEY from the uncompressed point encoding (04 || x || y) and, for a key pair, the
// private scalar. OpenSSL checks that the point lies on the curve.
EvpPkeyPtr FromData(const std::string& uncompressed_point, const BIGNUM* private_scalar) {
    ParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, SN_X9_62_prime256v1, 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, uncompressed_point.data(),
                                         uncompressed_point.size()) != 1) {
        return nullptr;
    }
    if (private_scalar != nullptr &&
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, private_scalar) != 1) {
        return nullptr;
    }
    ParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1) {
        return nullptr;
    }
    EVP_PKEY* key = nullptr;
    const int selection = private_scalar != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
    if (EVP_PKEY_fromdata(context.get(), &key, selection, params.get()) != 1) {
        return nullptr;
    }
    EvpPkeyPtr result(key);
    // fromdata does not validate the point; a public-key check rejects off-curve input.
    PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, result.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) {
        return nullptr;
    }
    return result;
}

}  // namespace

void EvpPkeyDeleter::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

P256KeyPair P256KeyFromPrivateScalar(std::string_view d) {
    P256KeyPair pair;
    EcGroupPtr group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
    BnCtxPtr bn_context(BN_CTX_new());
    BnPtr scalar = ToBn(d);
    if (!group || !bn_context || !scalar || BN_is_zero(scalar.get()) ||
        BN_cmp(scalar.get(), EC_GROUP_get0_order(group.get())) >= 0) {
        return pair;
    }
    EcPointPtr point(EC_POINT_new(group.get()));
    BnPtr x(BN_new());
    BnPtr y(BN_new());
    if (!point || !x || !y ||
        EC_POINT_mul(group.get(), point.get(), scalar.get(), nullptr, nullptr, bn_context.get()) != 1 ||
        EC_POINT_get_affine_coordinates(group.get(), point.get(), x.get(), y.get(), bn_context.get()) != 1) {
        return pair;
    }
    pair.x = Padded(x.get());
    pair.y = Padded(y.get());
    pair.key = FromData("\x04" + pair.x + pair.y, scalar.get());
    if (!pair.key) {
        pair.x.clear();
        pair.y.clear();
    }
    return pair;
}

EvpPkeyPtr P256PublicKeyFromCoordinates(std::string_view x, std::string_view y) {
    if (x.empty() || y.empty() || x.size() > kCoordinateBytes || y.size() > kCoordinateBytes) {
        return nullptr;
    }
    const std::string point = "\x04" + std::string(kCoordinateBytes - x.size(), '\0') + std::string(x) +
                              std::string(kCoordinateBytes - y.size(), '\0') + std::string(y);
    return FromData(point, nullptr);
}

namespace {

// A key's sign or verify context, initialised once per thread and reused for every
// signature: setting a context up (provider fetch, key import into the provider) costs
// more than the P-256 signature itself. The context holds a reference to its key, so a
// cached entry can never outlive its key or be mistaken for a later key at the same
// address. Keys are few (one pair per audience), so the per-thread table stays small;
// it is cleared if it ever grows past a bound.
EVP_PKEY_CTX* PreparedContext(EVP_PKEY* key, bool for_signing) {
    struct Entry {
        EVP_PKEY* key;
        bool for_signing;
        PkeyCtxPtr context;
    };
    thread_local std::vector<Entry> contexts;
    for (auto& entry : contexts) {
        if (entry.key == key && entry.for_signing == for_signing) {
            return entry.context.get();
        }
    }
    constexpr size_t kMaxContextsPerThread = 64;
    if (contexts.size() >= kMaxContextsPerThread) {
        contexts.clear();
    }
    PkeyCtxPtr context(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!context ||
        (for_signing ? EVP_PKEY_sign_init(context.get()) : EVP_PKEY_verify_init(context.get())) != 1) {
        return nullptr;
    }
    contexts.push_back({key, for_signing, std::move(context)});
    return contexts.back().context.get();
}

}  // namespace

std::optional<std::string> SignEs256(EVP_PKEY* key, std::string_view message) {
    EVP_PKEY_CTX* context = key != nullptr ? PreparedContext(key, true) : nullptr;
    if (context == nullptr) {
        return std::nullopt;
    }
    const auto digest = Sha256Digest(message);
    // A DER ECDSA-Sig-Value over P-256 is at most 72 bytes.
    unsigned char der[80];
    size_t der_size = sizeof der;
    if (EVP_PKEY_sign(context, der, &der_size, digest.data(), digest.size()) != 1) {
        return std::nullopt;
    }
    const unsigned char* cursor = der;
    EcdsaSigPtr signature(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der_size)));
    if (!signature) {
        return std::nullopt;
    }
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(signature.get(), &r, &s);
    return Padded(r) + Padded(s);
}

bool VerifyEs256(EVP_PKEY* key, std::string_view message, std::string_view signature) {
    if (key == nullptr || signature.size() != 2 * kCoordinateBytes) {
        return false;
    }
    EcdsaSigPtr parsed(ECDSA_SIG_new());
    BnPtr r = ToBn(signature.substr(0, kCoordinateBytes));
    BnPtr s = ToBn(signature.substr(kCoordinateBytes));
    if (!parsed || !r || !s || ECDSA_SIG_set0(parsed.get(), r.get(), s.get()) != 1) {
        return false;
    }
    // ECDSA_SIG_set0 took ownership of r and s.
    static_cast<void>(r.release());
    static_cast<void>(s.release());
    unsigned char der[80];
    unsigned char* der_cursor = der;
    if (i2d_ECDSA_SIG(parsed.get(), nullptr) > static_cast<int>(sizeof der)) {
        return false;
    }
    const int der_size = i2d_ECDSA_SIG(parsed.get(), &der_cursor);
    EVP_PKEY_CTX* context = PreparedContext(key, false);
    if (der_size <= 0 || context == nullptr) {
        return false;
    }
    const auto digest = Sha256Digest(message);
    return EVP_PKEY_verify(context, der, static_cast<size_t>(der_size), digest.data(), digest.size()) == 1;
}

}  // namespace stackd::crypto
