#include <gtest/gtest.h>

#include "util/mini_template.hpp"

namespace stackd::util {
namespace {

TEST(MiniTemplateTest, SubstitutesEscapesAndSections) {
    const std::map<std::string, std::string> values = {{"name", "<b>&"}, {"empty", ""}};
    EXPECT_EQ(RenderMiniTemplate("Hi {{name}}!", values, true), "Hi &lt;b&gt;&amp;!");
    EXPECT_EQ(RenderMiniTemplate("Hi {{name}}!", values, false), "Hi <b>&!");
    EXPECT_EQ(RenderMiniTemplate("Hi{{#name}}, {{name}}{{/name}}!", values, false), "Hi, <b>&!");
    EXPECT_EQ(RenderMiniTemplate("Hi{{#empty}}, {{empty}}{{/empty}}!", values, false), "Hi!");
    EXPECT_EQ(RenderMiniTemplate("{{missing}}|{{unterminated", values, false), "|{{unterminated");
    // Values are not re-scanned for tags.
    EXPECT_EQ(RenderMiniTemplate("{{a}}", {{"a", "{{name}}"}}, false), "{{name}}");
}

}  // namespace
}  // namespace stackd::util
