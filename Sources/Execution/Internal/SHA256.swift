import COpenSSL
import Foundation

/// SHA-256 through OpenSSL's libcrypto, streamed.
struct SHA256Hasher {
  private let context: OpaquePointer

  init() {
    context = EVP_MD_CTX_new()
    EVP_DigestInit_ex(context, EVP_sha256(), nil)
  }

  /// Adds bytes.
  func update(_ bytes: UnsafeRawBufferPointer) {
    if let base = bytes.baseAddress { EVP_DigestUpdate(context, base, bytes.count) }
  }

  /// Adds the UTF-8 bytes of `text` followed by a separator, so that ("ab","c") ≠ ("a","bc").
  func update(field text: String) {
    var bytes = Array(text.utf8)
    bytes.append(0)
    bytes.withUnsafeBytes { update($0) }
  }

  /// Adds `data`.
  func update(_ data: Data) { data.withUnsafeBytes { update($0) } }

  /// The digest as lowercase hex; the hasher must not be used afterwards.
  func finalize() -> String {
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    EVP_DigestFinal_ex(context, &digest, &length)
    EVP_MD_CTX_free(context)
    return digest.map { String(format: "%02x", $0) }.joined()
  }

  /// The digest of one string.
  static func hex(_ text: String) -> String {
    let hasher = SHA256Hasher()
    hasher.update(field: text)
    return hasher.finalize()
  }

  /// The digest of a file's bytes, read in chunks; nil if it cannot be read.
  static func hex(fileAt path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    let hasher = SHA256Hasher()
    while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
    return hasher.finalize()
  }
}
