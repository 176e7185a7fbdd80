// Fuzz target for the helper protocol's decoder (framing + schema). Built with clang it is a
// libFuzzer target (run: fuzz_protocol tests/protocol/corpus); otherwise it replays the files named
// on the command line, which ctest does with the seed corpus.

#include "ProtocolFuzz.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (!cordon::test::protocolInvariantsHold(data, size))
        __builtin_trap();
    return 0;
}

#ifndef CORDON_LIBFUZZER
int main(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "cannot read %s\n", argv[i]);
            return 1;
        }
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("replayed %d inputs\n", argc - 1);
    return 0;
}
#endif
