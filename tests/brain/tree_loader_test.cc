// Loading BehaviorTree.CPP v4 XML: subtrees with remapping, the generic element forms, and errors
// that name the file and line of the offending element.
#include "tianmu/brain/tree_loader.h"

#include <gtest/gtest.h>

#include "test_nodes.h"
#include "tianmu/brain/tree_writer.h"
#include "tianmu/core/error.h"

namespace tianmu::brain {
namespace {

class TreeLoader : public ::testing::Test {
 protected:
  // The InputError message for `xml`, or "" when it loads.
  std::string ErrorOf(const std::string& xml) {
    try {
      LoadTreeFromText(xml, "bad.xml", factory_);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
  std::map<std::string, testing::ScriptedCounts> counts_;
  NodeFactory factory_ = testing::MakeTestFactory(&counts_);
};

constexpr const char* kTwoTrees = R"(<?xml version="1.0"?>
<root BTCPP_format="4" main_tree_to_execute="Main">
  <BehaviorTree ID="Main">
    <Sequence>
      <SetBlackboard value="kitchen" output_key="{place}"/>
      <SubTree ID="Go" destination="{place}" speed="fast"/>
      <Action ID="Scripted" name="after"/>
    </Sequence>
  </BehaviorTree>
  <!-- Groot2 writes comments and editable="true"; both are skipped. -->
  <BehaviorTree ID="Go">
    <Sequence>
      <SetBlackboard value="{destination}" output_key="{reached}"/>
      <SetBlackboard value="{speed}" output_key="{used_speed}"/>
    </Sequence>
  </BehaviorTree>
  <TreeNodesModel>
    <Action ID="Scripted" editable="true"><input_port name="ticks"/></Action>
  </TreeNodesModel>
</root>
)";

TEST_F(TreeLoader, RunsTheMainTreeWithASubtreeThatReadsRemappedAndLiteralPorts) {
  Tree tree = LoadTreeFromText(kTwoTrees, "two.xml", factory_);
  EXPECT_EQ(tree.main_tree_id(), "Main");
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kSuccess);
  EXPECT_EQ(counts_["after"].finishes, 1);
  // `reached` was written inside the subtree's own blackboard, not the parent's.
  EXPECT_FALSE(tree.blackboard().Has("reached"));
  EXPECT_EQ(tree.blackboard().Get<std::string>("place"), "kitchen");
  const std::vector<NodeSnapshot> s = tree.Snapshot();
  EXPECT_EQ(s[2].id, "SubTree");
  EXPECT_EQ(s[2].name, "Go");
}

TEST_F(TreeLoader, SubtreeWritesThroughARemappedPortToTheParent) {
  Tree tree = LoadTreeFromText(R"(<root BTCPP_format="4" main_tree_to_execute="A">
<BehaviorTree ID="A"><SubTree ID="B" out="{result}"/></BehaviorTree>
<BehaviorTree ID="B"><SetBlackboard value="7" output_key="{out}"/></BehaviorTree></root>)",
                               "remap.xml", factory_);
  tree.blackboard().Set("result", 0);
  EXPECT_EQ(tree.TickOnce(0), NodeStatus::kSuccess);
  EXPECT_EQ(tree.blackboard().Get<int>("result"), 7);
}

TEST_F(TreeLoader, MalformedXmlNamesFileAndLine) {
  const std::string e = ErrorOf(
      "<root BTCPP_format=\"4\">\n<BehaviorTree ID=\"A\">\n<Sequence>\n"
      "</BehaviorTree></root>");
  // tinyxml2 points at the element left open.
  EXPECT_NE(e.find("bad.xml:3"), std::string::npos) << e;
  EXPECT_NE(e.find("well-formed XML"), std::string::npos) << e;
  EXPECT_NE(e.find("Sequence"), std::string::npos) << e;
}

TEST_F(TreeLoader, UnknownNodeTypeNamesLineAndType) {
  const std::string e = ErrorOf(
      "<root BTCPP_format=\"4\">\n<BehaviorTree ID=\"A\">\n<Sequence>\n<Fly/>\n</Sequence>\n"
      "</BehaviorTree></root>");
  EXPECT_NE(e.find("bad.xml:4"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown 'Fly'"), std::string::npos) << e;
}

TEST_F(TreeLoader, UnknownPortListsTheKnownOnes) {
  const std::string e = ErrorOf(
      "<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\">\n\n<Scripted tick=\"3\"/>"
      "</BehaviorTree></root>");
  EXPECT_NE(e.find("bad.xml:3"), std::string::npos) << e;
  EXPECT_NE(e.find("Scripted.tick"), std::string::npos) << e;
  EXPECT_NE(e.find("ports: ticks, result"), std::string::npos) << e;
}

TEST_F(TreeLoader, MissingRequiredPortIsAnError) {
  const std::string e = ErrorOf(
      "<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><Timeout><AlwaysSuccess/></Timeout>"
      "</BehaviorTree></root>");
  EXPECT_NE(e.find("Timeout.msec"), std::string::npos) << e;
  EXPECT_NE(e.find("required"), std::string::npos) << e;
}

TEST_F(TreeLoader, StructuralErrorsAreReported) {
  // Wrong or missing format version.
  EXPECT_NE(ErrorOf("<root><BehaviorTree ID=\"A\"><AlwaysSuccess/></BehaviorTree></root>")
                .find("BTCPP_format"),
            std::string::npos);
  EXPECT_NE(ErrorOf("<root BTCPP_format=\"3\"><BehaviorTree ID=\"A\"><AlwaysSuccess/>"
                    "</BehaviorTree></root>")
                .find("found \"3\""),
            std::string::npos);
  // A decorator with two children, a leaf with one, a control with none.
  EXPECT_NE(ErrorOf("<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><Inverter><AlwaysSuccess/>"
                    "<AlwaysSuccess/></Inverter></BehaviorTree></root>")
                .find("exactly one child"),
            std::string::npos);
  EXPECT_NE(ErrorOf("<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><Sleep msec=\"1\">"
                    "<AlwaysSuccess/></Sleep></BehaviorTree></root>")
                .find("no children"),
            std::string::npos);
  EXPECT_NE(ErrorOf("<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><Sequence/></BehaviorTree>"
                    "</root>")
                .find("at least one child"),
            std::string::npos);
  // Unknown and recursive subtrees; two trees without main_tree_to_execute.
  EXPECT_NE(ErrorOf("<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><SubTree ID=\"Z\"/>"
                    "</BehaviorTree></root>")
                .find("unknown 'Z'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><SubTree ID=\"A\"/>"
                    "</BehaviorTree></root>")
                .find("recursion"),
            std::string::npos);
  EXPECT_NE(ErrorOf("<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><AlwaysSuccess/>"
                    "</BehaviorTree><BehaviorTree ID=\"B\"><AlwaysSuccess/></BehaviorTree></root>")
                .find("main_tree_to_execute"),
            std::string::npos);
  // Generic element whose category does not match; scripted attributes.
  EXPECT_NE(ErrorOf("<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><Condition ID=\"Scripted\"/>"
                    "</BehaviorTree></root>")
                .find("<Action>"),
            std::string::npos);
  EXPECT_NE(ErrorOf("<root BTCPP_format=\"4\"><BehaviorTree ID=\"A\"><AlwaysSuccess "
                    "_skipIf=\"x\"/></BehaviorTree></root>")
                .find("_skipIf"),
            std::string::npos);
}

TEST_F(TreeLoader, WrittenXmlLoadsBackToTheSameTreeAndDeclaresCustomNodes) {
  Tree tree = LoadTreeFromText(kTwoTrees, "two.xml", factory_);
  const std::string xml = WriteTreeXml(tree, factory_);
  EXPECT_NE(xml.find("BTCPP_format=\"4\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<SubTree ID=\"Go\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<BehaviorTree ID=\"Go\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<Action ID=\"Scripted\">"), std::string::npos) << xml;  // in the model
  EXPECT_EQ(xml.find("<Control ID=\"Sequence\""), std::string::npos) << xml;  // built-in
  Tree again = LoadTreeFromText(xml, "written.xml", factory_);
  EXPECT_EQ(WriteTreeXml(again, factory_), xml);
  EXPECT_EQ(again.Snapshot().size(), tree.Snapshot().size());
  EXPECT_EQ(again.TickOnce(0), NodeStatus::kSuccess);
}

}  // namespace
}  // namespace tianmu::brain
