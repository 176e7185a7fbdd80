#pragma once
// Wire format of the launch spec. A strict, self-delimiting record format that a few dozen lines
// of plain C++ can parse without allocation surprises:
//
//   cordon-launch-spec 2\n
//   KEY LEN\nBYTES\n            (repeated; KEY is [a-z_]+, LEN decimal byte count)
//
// A `mount` record's BYTES are themselves records of the same form. Every byte string is taken
// verbatim (paths may hold any byte but NUL), so nothing is ever split on spaces or passed
// through a shell. Decoding refuses unknown versions, unknown or repeated keys, missing fields,
// trailing bytes and anything `validateLaunchSpec` rejects.

#include "LaunchSpec.h"

#include <string>
#include <string_view>

namespace cordon::spec {

inline constexpr std::size_t kMaxEncodedSpecBytes = 16u * 1024u * 1024u;

std::string encodeLaunchSpec(const LaunchSpec& spec);

// Returns false and a message naming the field on any malformed or invalid input.
[[nodiscard]] bool decodeLaunchSpec(std::string_view bytes, LaunchSpec& out, std::string& error);

// Semantic checks shared by the encoder's callers and the decoder: absolute normalized paths,
// no NUL bytes, sane sizes, kind-specific fields present.
[[nodiscard]] bool validateLaunchSpec(const LaunchSpec& spec, std::string& error);

// True for "/a/b": absolute, no empty, "." or ".." components, no trailing slash (except "/").
bool isNormalizedAbsolutePath(std::string_view path) noexcept;

} // namespace cordon::spec
