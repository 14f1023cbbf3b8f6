// Goal: libmigsim_afl_mutator.so works the way afl-fuzz 4.04c calls it:
// dlopen, afl_custom_init, then afl_custom_fuzz / afl_custom_describe on
// queue entries with another entry as add_buf, and the trim hooks; its
// outputs are FuzzInputs within max_size that `migsim run` accepts, the
// same afl seed gives the same outputs, and trimming removes whole actions.
// Method: this program does not link the migsim libraries (their generated
// protobuf code would be registered twice once the library is loaded); it
// builds the FuzzInput schema in a private DescriptorPool and
// checks outputs with DynamicMessage, and runs build/bin/migsim on a few.
// The schema comes from a FileDescriptorSet protoc writes at build time
// (MIGSIM_FUZZ_INPUT_DESCRIPTORS), loaded into a private DescriptorPool.
#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "gtest/gtest.h"

namespace {

namespace fs = std::filesystem;
using google::protobuf::Message;

using InitFn = void* (*)(void*, unsigned int);
using FuzzFn = size_t (*)(void*, uint8_t*, size_t, uint8_t**, uint8_t*, size_t, size_t);
using DescribeFn = const char* (*)(void*, size_t);
using InitTrimFn = int32_t (*)(void*, uint8_t*, size_t);
using TrimFn = size_t (*)(void*, uint8_t**);
using PostTrimFn = int32_t (*)(void*, unsigned char);
using DeinitFn = void (*)(void*);

// build/bin/ (where this test runs from).
fs::path BinDir() { return fs::read_symlink("/proc/self/exe").parent_path(); }

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class AflMutatorLibrary : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path so = BinDir().parent_path() / "lib" / "libmigsim_afl_mutator.so";
    handle_ = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(handle_, nullptr) << dlerror();
    init_ = reinterpret_cast<InitFn>(dlsym(handle_, "afl_custom_init"));
    fuzz_ = reinterpret_cast<FuzzFn>(dlsym(handle_, "afl_custom_fuzz"));
    describe_ = reinterpret_cast<DescribeFn>(dlsym(handle_, "afl_custom_describe"));
    init_trim_ = reinterpret_cast<InitTrimFn>(dlsym(handle_, "afl_custom_init_trim"));
    trim_ = reinterpret_cast<TrimFn>(dlsym(handle_, "afl_custom_trim"));
    post_trim_ = reinterpret_cast<PostTrimFn>(dlsym(handle_, "afl_custom_post_trim"));
    deinit_ = reinterpret_cast<DeinitFn>(dlsym(handle_, "afl_custom_deinit"));
    ASSERT_TRUE(init_ && fuzz_ && describe_ && init_trim_ && trim_ && post_trim_ && deinit_);
    google::protobuf::FileDescriptorSet set;
    ASSERT_TRUE(set.ParseFromString(ReadAll(MIGSIM_FUZZ_INPUT_DESCRIPTORS)));
    for (const google::protobuf::FileDescriptorProto& file : set.file()) {
      ASSERT_NE(pool_.BuildFile(file), nullptr) << file.name();
    }
    input_type_ = pool_.FindMessageTypeByName("migsim.proto.FuzzInput");
    ASSERT_NE(input_type_, nullptr);
    for (const auto& e : fs::directory_iterator(BinDir().parent_path() / "fuzz_seeds")) {
      if (e.path().extension() == ".pb") seed_paths_.push_back(e.path());
    }
    std::sort(seed_paths_.begin(), seed_paths_.end());
    ASSERT_GE(seed_paths_.size(), 10u);
    for (const fs::path& p : seed_paths_) seeds_.push_back(ReadAll(p));
  }
  void TearDown() override {
    if (handle_ != nullptr) dlclose(handle_);
  }

  std::unique_ptr<Message> Parse(const std::string& bytes) {
    std::unique_ptr<Message> m(factory_.GetPrototype(input_type_)->New());
    if (!m->ParseFromString(bytes)) return nullptr;
    return m;
  }

  int ActionCount(const Message& input) {
    const Message& scenario =
        input.GetReflection()->GetMessage(input, input_type_->FindFieldByName("scenario"));
    return scenario.GetReflection()->FieldSize(
        scenario, scenario.GetDescriptor()->FindFieldByName("actions"));
  }

  // `rounds` afl_custom_fuzz calls over the seeds (add_buf: the next seed),
  // each output with its description.
  std::vector<std::pair<std::string, std::string>> Fuzz(unsigned int afl_seed, int rounds,
                                                        size_t max_size) {
    void* state = init_(nullptr, afl_seed);
    EXPECT_NE(state, nullptr);
    std::vector<std::pair<std::string, std::string>> out;
    for (int i = 0; i < rounds && state != nullptr; ++i) {
      std::string buf = seeds_[i % seeds_.size()];
      std::string add = seeds_[(i + 1) % seeds_.size()];
      uint8_t* result = nullptr;
      const size_t size = fuzz_(state, reinterpret_cast<uint8_t*>(buf.data()), buf.size(), &result,
                                reinterpret_cast<uint8_t*>(add.data()), add.size(), max_size);
      EXPECT_NE(result, nullptr);
      out.emplace_back(std::string(reinterpret_cast<char*>(result), size), describe_(state, 60));
    }
    if (state != nullptr) deinit_(state);
    return out;
  }

  void* handle_ = nullptr;
  InitFn init_ = nullptr;
  FuzzFn fuzz_ = nullptr;
  DescribeFn describe_ = nullptr;
  InitTrimFn init_trim_ = nullptr;
  TrimFn trim_ = nullptr;
  PostTrimFn post_trim_ = nullptr;
  DeinitFn deinit_ = nullptr;
  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_;
  const google::protobuf::Descriptor* input_type_ = nullptr;
  std::vector<fs::path> seed_paths_;
  std::vector<std::string> seeds_;
};

TEST_F(AflMutatorLibrary, FuzzYieldsFuzzInputsWithinMaxSizeAndDescribesThem) {
  constexpr size_t kMaxSize = 1 << 15;
  const auto outputs = Fuzz(7, 200, kMaxSize);
  ASSERT_EQ(outputs.size(), 200u);
  for (const auto& [bytes, description] : outputs) {
    EXPECT_LE(bytes.size(), kMaxSize);
    EXPECT_NE(Parse(bytes), nullptr);
    EXPECT_EQ(description.rfind("migsim:", 0), 0u) << description;
    EXPECT_GT(description.size(), 7u) << "no operator recorded";
    EXPECT_LE(description.size(), 60u);
  }
}

TEST_F(AflMutatorLibrary, SameAflSeedSameOutputs) {
  EXPECT_EQ(Fuzz(3, 50, 1 << 15), Fuzz(3, 50, 1 << 15));
  EXPECT_NE(Fuzz(3, 50, 1 << 15), Fuzz(4, 50, 1 << 15));
}

TEST_F(AflMutatorLibrary, OutputsMostlyRunUnderMigsim) {
  const fs::path migsim = BinDir() / "migsim";
  ASSERT_TRUE(fs::exists(migsim));
  const auto outputs = Fuzz(11, 20, 1 << 15);
  const fs::path dir = fs::temp_directory_path() / ("afl_so_test_" + std::to_string(getpid()));
  fs::create_directories(dir);
  int accepted = 0;
  for (size_t i = 0; i < outputs.size(); ++i) {
    std::unique_ptr<Message> input = Parse(outputs[i].first);
    ASSERT_NE(input, nullptr);
    // The scenario alone, as a binary Scenario file `migsim run` reads.
    const Message& scenario =
        input->GetReflection()->GetMessage(*input, input_type_->FindFieldByName("scenario"));
    const fs::path file = dir / ("out" + std::to_string(i) + ".pb");
    std::ofstream(file, std::ios::binary) << scenario.SerializeAsString();
    const std::string command =
        migsim.string() + " run --trace=none " + file.string() + " > /dev/null 2>&1";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    if (WEXITSTATUS(status) != 2) ++accepted;  // 2: bad input
  }
  fs::remove_all(dir);
  EXPECT_GE(accepted, 14) << "of 20";
}

TEST_F(AflMutatorLibrary, TrimRemovesWholeActions) {
  void* state = init_(nullptr, 1);
  ASSERT_NE(state, nullptr);
  std::string buf = seeds_.back();
  std::unique_ptr<Message> original = Parse(buf);
  const int actions = ActionCount(*original);
  ASSERT_GT(actions, 2);
  const int32_t steps = init_trim_(state, reinterpret_cast<uint8_t*>(buf.data()), buf.size());
  EXPECT_EQ(steps, actions);
  // Accept every removal that leaves an action, as if coverage held: all but
  // one action go, one at a time.
  int32_t index = 0;
  int accepted = 0;
  while (index < steps) {
    uint8_t* out = nullptr;
    const size_t size = trim_(state, &out);
    EXPECT_LE(size, buf.size());
    std::unique_ptr<Message> candidate = Parse(std::string(reinterpret_cast<char*>(out), size));
    ASSERT_NE(candidate, nullptr);
    const bool keep = ActionCount(*candidate) >= 1;
    accepted += keep ? 1 : 0;
    index = post_trim_(state, keep ? 1 : 0);
  }
  EXPECT_EQ(accepted, actions - 1);
  EXPECT_EQ(init_trim_(state, reinterpret_cast<uint8_t*>(buf.data()), 3), 0)
      << "a truncated input is not trimmed";
  deinit_(state);
}

TEST_F(AflMutatorLibrary, BadTopologyFileFailsInit) {
  setenv("MIGSIM_FUZZ_TOPOLOGY", "/nonexistent/topology.textproto", 1);
  void* state = init_(nullptr, 1);
  unsetenv("MIGSIM_FUZZ_TOPOLOGY");
  EXPECT_EQ(state, nullptr);
}

}  // namespace
