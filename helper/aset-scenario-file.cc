// SPDX-License-Identifier: GPL-2.0-only
#include "aset-scenario-file.h"

#include "aset-experiment.h"
#include "aset-fault-timeline.h"

#include "ns3/aset-input-error.h"

#include <algorithm>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

namespace ns3
{

namespace
{
using boost::property_tree::ptree;

/// What a node of the parsed tree looks like, for messages.
std::string
Describe(const ptree& node)
{
    if (node.empty())
    {
        return "'" + node.data() + "'";
    }
    return node.begin()->first.empty() ? "an array" : "an object";
}

/**
 * Reads one JSON object: each key read is marked known, and Finish() refuses
 * the keys that were not read (typos) and those given twice.
 */
class ObjectReader
{
  public:
    ObjectReader(const ptree& node, std::string path, const std::string& file)
        : m_node(node),
          m_path(std::move(path)),
          m_file(file)
    {
        // ptree keeps an empty object as an empty leaf, and array items under empty keys.
        if ((node.empty() && !node.data().empty()) ||
            (!node.empty() && node.begin()->first.empty()))
        {
            Fail(m_path, "expected an object, got " + Describe(node));
        }
    }

    /// The value at \p key, or nullptr when it is absent.
    const ptree* Find(const std::string& key)
    {
        m_known.push_back(key);
        const auto it = m_node.find(key);
        return it == m_node.not_found() ? nullptr : &it->second;
    }

    /// Whether \p key is given (without marking it known).
    bool Has(const std::string& key) const
    {
        return m_node.find(key) != m_node.not_found();
    }

    /// The value at \p key; an error when it is absent.
    const ptree& Require(const std::string& key)
    {
        const ptree* value = Find(key);
        if (!value)
        {
            Fail(Path(key), "missing: this key is required");
        }
        return *value;
    }

    std::string Path(const std::string& key) const
    {
        return m_path.empty() ? key : m_path + "." + key;
    }

    void Finish() const
    {
        std::set<std::string> seen;
        for (const auto& [key, value] : m_node)
        {
            if (!seen.insert(key).second)
            {
                Fail(Path(key), "given twice");
            }
            if (std::find(m_known.begin(), m_known.end(), key) == m_known.end())
            {
                std::string known;
                for (const auto& k : m_known)
                {
                    known += (known.empty() ? "" : ", ") + k;
                }
                Fail(Path(key), "unknown key (known here: " + known + ")");
            }
        }
    }

    [[noreturn]] void Fail(const std::string& path, const std::string& problem) const
    {
        throw AsetInputError(m_file, 0, path, problem);
    }

  private:
    const ptree& m_node;
    std::string m_path;
    const std::string& m_file;
    std::vector<std::string> m_known;
};

/// How many times files may extend one another in a chain (a extends b extends c: twice).
constexpr std::size_t kMaxExtends = 8;

/// A file of a chain of "extends": as named (for messages), and its canonical path.
struct ChainLink
{
    std::string name;
    std::string id;
};

/// A file's canonical path, to find it again in a chain; as given where the system cannot tell.
std::string
CanonicalId(const std::filesystem::path& path)
{
    std::error_code error; // a name too long for the system, say: it will not open either
    const std::filesystem::path id = std::filesystem::weakly_canonical(path, error);
    return error ? path.lexically_normal().string() : id.string();
}

AsetScenario ReadScenario(std::istream& in,
                          const std::string& sourceName,
                          const std::filesystem::path& base,
                          std::vector<ChainLink> chain);

/// Reads the values of one scenario file, each named by its path in errors.
class ScenarioReader
{
  public:
    /// \p chain: the files that extend this one, then this one.
    ScenarioReader(std::string file, std::filesystem::path base, std::vector<ChainLink> chain)
        : m_file(std::move(file)),
          m_base(std::move(base)),
          m_chain(std::move(chain))
    {
    }

    [[noreturn]] void Fail(const std::string& path, const std::string& problem) const
    {
        throw AsetInputError(m_file, 0, path, problem);
    }

    ObjectReader Object(const ptree& node, const std::string& path) const
    {
        return ObjectReader(node, path, m_file);
    }

    std::string String(const ptree& node, const std::string& path) const
    {
        if (!node.empty())
        {
            Fail(path, "expected a string, got " + Describe(node));
        }
        return node.data();
    }

    double Number(const ptree& node, const std::string& path, double min, double max) const
    {
        std::ostringstream expected;
        expected << "a number in [" << min << ", " << max << "]";
        return Number(node, path, min, max, expected.str());
    }

    /// A number within [min, max]; \p expected says what it must be, for messages.
    double Number(const ptree& node,
                  const std::string& path,
                  double min,
                  double max,
                  const std::string& expected) const
    {
        const std::string text = String(node, path);
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value) ||
            std::isspace(static_cast<unsigned char>(text.front())) || value < min || value > max)
        {
            Fail(path, "expected " + expected + ", got '" + text + "'");
        }
        return value;
    }

    double Positive(const ptree& node, const std::string& path) const
    {
        const double value =
            Number(node, path, 0, std::numeric_limits<double>::max(), "a positive number");
        if (!(value > 0))
        {
            Fail(path, "expected a positive number, got '" + node.data() + "'");
        }
        return value;
    }

    double NonNegative(const ptree& node, const std::string& path) const
    {
        return Number(node, path, 0, std::numeric_limits<double>::max(), "a number of at least 0");
    }

    uint64_t Integer(const ptree& node, const std::string& path, uint64_t min, uint64_t max) const
    {
        const std::string text = String(node, path);
        if (text.empty() || text.size() > 19 ||
            text.find_first_not_of("0123456789") != std::string::npos)
        {
            Fail(path, "expected a whole number, got '" + text + "'");
        }
        const uint64_t value = std::stoull(text);
        if (value < min || value > max)
        {
            Fail(path,
                 "expected a whole number in [" + std::to_string(min) + ", " + std::to_string(max) +
                     "], got '" + text + "'");
        }
        return value;
    }

    Time TimeOf(const ptree& node, const std::string& path, bool positive) const
    {
        const std::string text = String(node, path);
        Time time;
        if (!ParseTimeWithUnit(text, time))
        {
            Fail(path, "expected " + DescribeTimeWithUnit() + ", got '" + text + "'");
        }
        if (positive && !time.IsStrictlyPositive())
        {
            Fail(path, "expected a positive time, got '" + text + "'");
        }
        return time;
    }

    /// The items of an array (an empty value is an empty array).
    std::vector<const ptree*> Array(const ptree& node, const std::string& path) const
    {
        std::vector<const ptree*> items;
        if (node.empty())
        {
            if (!node.data().empty())
            {
                Fail(path, "expected an array, got " + Describe(node));
            }
            return items;
        }
        for (const auto& [key, value] : node)
        {
            if (!key.empty())
            {
                Fail(path, "expected an array, got an object");
            }
            items.push_back(&value);
        }
        return items;
    }

    static std::string Item(const std::string& path, std::size_t i)
    {
        return path + "[" + std::to_string(i) + "]";
    }

    /// The value named by the text at \p node among \p choices; fails listing the names.
    template <typename T>
    T Choice(const ptree& node,
             const std::string& path,
             const std::vector<std::pair<std::string, T>>& choices) const
    {
        try
        {
            return FindByName(choices, String(node, path));
        }
        catch (const std::invalid_argument& e)
        {
            Fail(path, e.what());
        }
    }

    /// A path relative to the scenario file's folder, unless absolute.
    std::string FilePath(const ptree& node, const std::string& path) const
    {
        const std::string text = String(node, path);
        if (text.empty())
        {
            Fail(path, "expected a file path, got ''");
        }
        const std::filesystem::path p(text);
        return p.is_absolute() ? text : (m_base / p).lexically_normal().string();
    }

    void Link(const ptree& node, const std::string& path, TieredLinkSpec& link) const
    {
        ObjectReader o = Object(node, path);
        if (const ptree* v = o.Find("rate"))
        {
            if (!ParseRateWithUnit(String(*v, o.Path("rate")), link.rate))
            {
                Fail(o.Path("rate"), "expected " + DescribeRateWithUnit() + ", got '" + v->data() + "'");
            }
        }
        if (const ptree* v = o.Find("delay"))
        {
            link.delay = TimeOf(*v, o.Path("delay"), false);
            if (link.delay > Seconds(TieredTopologyDescription::kMaxLinkDelaySeconds))
            {
                Fail(o.Path("delay"), "expected a delay up to 10s, got '" + v->data() + "'");
            }
        }
        if (const ptree* v = o.Find("loss"))
        {
            link.lossRate = Number(*v, o.Path("loss"), 0, 1);
        }
        if (const ptree* v = o.Find("background"))
        {
            link.background = Number(*v, o.Path("background"), 0, 1, "a share of the rate in [0, 1)");
            if (!(link.background < 1))
            {
                Fail(o.Path("background"), "expected a share of the rate in [0, 1), got '1'");
            }
        }
        o.Finish();
    }

    bool Boolean(const ptree& node, const std::string& path) const
    {
        const std::string text = String(node, path);
        if (text != "true" && text != "false")
        {
            Fail(path, "expected true or false, got '" + text + "'");
        }
        return text == "true";
    }

    /// topology.capacity: multipliers of the replicas, per tier and per named cluster.
    void Capacity(const ptree& node, const std::string& path, TieredTopologyParameters& t) const
    {
        ObjectReader o = Object(node, path);
        const std::pair<const char*, double*> tiers[] = {
            {"farEdge", &t.farEdgeCapacity},
            {"nearEdge", &t.nearEdgeCapacity},
            {"cloud", &t.cloudCapacity},
        };
        for (const auto& [key, capacity] : tiers)
        {
            if (const ptree* v = o.Find(key))
            {
                *capacity = Positive(*v, o.Path(key));
            }
        }
        if (const ptree* v = o.Find("clusters"))
        {
            ObjectReader clusters = Object(*v, o.Path("clusters"));
            for (const auto& [name, value] : *v)
            {
                t.clusterCapacity[name] = Positive(*clusters.Find(name), clusters.Path(name));
            }
            clusters.Finish();
        }
        o.Finish();
    }

    /// topology.background: the shape of the background traffic on links that have some.
    void Background(const ptree& node, const std::string& path, TieredBackgroundTraffic& b) const
    {
        ObjectReader o = Object(node, path);
        if (const ptree* v = o.Find("packetSize"))
        {
            b.packetSize = static_cast<uint32_t>(Integer(*v, o.Path("packetSize"), 1, 65507));
        }
        if (const ptree* v = o.Find("onOff"))
        {
            b.onOff = Boolean(*v, o.Path("onOff"));
        }
        if (const ptree* v = o.Find("meanOn"))
        {
            b.meanOn = TimeOf(*v, o.Path("meanOn"), true);
        }
        if (const ptree* v = o.Find("meanOff"))
        {
            b.meanOff = TimeOf(*v, o.Path("meanOff"), true);
        }
        if (const ptree* v = o.Find("port"))
        {
            b.port = static_cast<uint16_t>(Integer(*v, o.Path("port"), 1, 65535));
        }
        o.Finish();
    }

    void Topology(const ptree& node, AsetScenario& s) const
    {
        ObjectReader o = Object(node, "topology");
        TieredTopologyParameters& t = s.topology;
        const std::pair<const char*, uint32_t*> counts[] = {
            {"accessNodes", &t.accessNodes},
            {"farEdgeSites", &t.farEdgeSites},
            {"nearEdgeSites", &t.nearEdgeSites},
            {"cloudRegions", &t.cloudRegions},
        };
        for (const auto& [key, count] : counts)
        {
            if (const ptree* v = o.Find(key))
            {
                *count = static_cast<uint32_t>(Integer(*v, o.Path(key), 1, 100000));
            }
        }
        if (const ptree* v = o.Find("mtu"))
        {
            t.mtu = static_cast<uint16_t>(Integer(*v, o.Path("mtu"), 576, 65535));
        }
        if (const ptree* v = o.Find("links"))
        {
            ObjectReader links = Object(*v, o.Path("links"));
            // Classes of links (TieredTopologyDescription::GetLinkClass), not tiers: "metro"
            // is the metro network between far-edge and near-edge gateways.
            const std::pair<const char*, TieredLinkSpec*> specs[] = {
                {"access", &t.access},
                {"siteLan", &t.siteLan},
                {"metro", &t.metro},
                {"core", &t.core},
                {"cloud", &t.cloud},
            };
            for (const auto& [key, spec] : specs)
            {
                if (const ptree* l = links.Find(key))
                {
                    Link(*l, links.Path(key), *spec);
                }
            }
            links.Finish();
        }
        if (const ptree* v = o.Find("file"))
        {
            // The format and roles describe the file: a base's do not carry over to a new one.
            s.topologyFile = FilePath(*v, o.Path("file"));
            s.topologyFormat = AsetScenario().topologyFormat;
            s.topologyRolesFile.clear();
        }
        if (const ptree* v = o.Find("format"))
        {
            s.topologyFormat = String(*v, o.Path("format"));
        }
        if (const ptree* v = o.Find("roles"))
        {
            s.topologyRolesFile = FilePath(*v, o.Path("roles"));
        }
        if (const ptree* v = o.Find("capacity"))
        {
            Capacity(*v, o.Path("capacity"), t);
        }
        if (const ptree* v = o.Find("background"))
        {
            Background(*v, o.Path("background"), t.backgroundTraffic);
        }
        if (const ptree* v = o.Find("routing"))
        {
            t.routing = Choice(*v, o.Path("routing"), GetRoutingNames());
        }
        if (const ptree* v = o.Find("beaconScope"))
        {
            t.beaconScope = Choice(*v, o.Path("beaconScope"), GetBeaconScopeNames());
        }
        o.Finish();
    }

    std::vector<DeploymentSpec> Deployments(const ptree& node, const std::string& path) const
    {
        std::vector<DeploymentSpec> deployments;
        const auto items = Array(node, path);
        for (std::size_t i = 0; i < items.size(); ++i)
        {
            ObjectReader o = Object(*items[i], Item(path, i));
            DeploymentSpec d;
            d.variant = String(o.Require("variant"), o.Path("variant"));
            if (const ptree* v = o.Find("hardware"))
            {
                if (!ParseHardwareClass(String(*v, o.Path("hardware")), d.hardware))
                {
                    Fail(o.Path("hardware"), "expected cpu, gpu or tpu, got '" + v->data() + "'");
                }
            }
            if (const ptree* v = o.Find("replicas"))
            {
                d.replicas = static_cast<uint16_t>(Integer(*v, o.Path("replicas"), 1, 65535));
            }
            if (const ptree* v = o.Find("queueCapacity"))
            {
                d.queueCapacity =
                    static_cast<uint32_t>(Integer(*v, o.Path("queueCapacity"), 1, 100000000));
            }
            o.Finish();
            deployments.push_back(d);
        }
        return deployments;
    }

    void DeploymentsOf(const ptree& node, AsetScenario& s) const
    {
        ObjectReader o = Object(node, "deployments");
        const std::pair<const char*, std::vector<DeploymentSpec>*> tiers[] = {
            {"farEdge", &s.farEdge},
            {"nearEdge", &s.nearEdge},
            {"cloud", &s.cloud},
        };
        for (const auto& [key, deployments] : tiers)
        {
            if (const ptree* v = o.Find(key))
            {
                *deployments = Deployments(*v, o.Path(key));
            }
        }
        if (const ptree* v = o.Find("clusters"))
        {
            ObjectReader clusters = Object(*v, o.Path("clusters"));
            static const std::regex name("(far-edge|near-edge|cloud)-[0-9]+");
            for (const auto& [key, value] : *v)
            {
                if (!std::regex_match(key, name))
                {
                    Fail(clusters.Path(key),
                         "expected a cluster's name: far-edge-<i>, near-edge-<i> or cloud-<i>");
                }
                clusters.Find(key);
                s.clusterDeployments[key] = Deployments(value, clusters.Path(key));
            }
            clusters.Finish();
        }
        o.Finish();
    }

    void Slowdowns(const ptree& node, AsetScenario& s) const
    {
        ObjectReader o = Object(node, "slowdown");
        const std::pair<const char*, double*> tiers[] = {
            {"farEdge", &s.farEdgeSlowdown},
            {"nearEdge", &s.nearEdgeSlowdown},
            {"cloud", &s.cloudSlowdown},
        };
        for (const auto& [key, slowdown] : tiers)
        {
            if (const ptree* v = o.Find(key))
            {
                *slowdown = Number(*v, o.Path(key), 0.01, 1000); // EdgeClusterApplication::Slowdown
            }
        }
        o.Finish();
    }

    std::vector<ApplicationSpec> Applications(const ptree& node) const
    {
        std::vector<ApplicationSpec> applications;
        const auto items = Array(node, "applications");
        for (std::size_t i = 0; i < items.size(); ++i)
        {
            ObjectReader o = Object(*items[i], Item("applications", i));
            ApplicationSpec a;
            a.name = String(o.Require("name"), o.Path("name"));
            for (const auto& other : applications)
            {
                if (other.name == a.name)
                {
                    Fail(o.Path("name"), "application '" + a.name + "' is named twice");
                }
            }
            a.task = String(o.Require("task"), o.Path("task"));
            a.deadline = TimeOf(o.Require("deadline"), o.Path("deadline"), true);
            if (const ptree* v = o.Find("minAccuracy"))
            {
                a.minAccuracy = Number(*v, o.Path("minAccuracy"), 0, 100);
            }
            a.requestSize = static_cast<uint32_t>(
                Integer(o.Require("requestSize"), o.Path("requestSize"), 0, UINT32_MAX));
            a.responseSize = static_cast<uint32_t>(
                Integer(o.Require("responseSize"), o.Path("responseSize"), 0, UINT32_MAX));
            if (const ptree* v = o.Find("weight"))
            {
                a.weight = Positive(*v, o.Path("weight"));
            }
            o.Finish();
            applications.push_back(a);
        }
        if (applications.size() > UINT16_MAX)
        {
            Fail("applications", "at most 65535 applications");
        }
        return applications;
    }

    /// An access node: its index, or its name access-<i>.
    uint32_t AccessNode(const ptree& node, const std::string& path) const
    {
        std::string text = String(node, path);
        if (text.rfind("access-", 0) == 0)
        {
            text = text.substr(7);
        }
        if (text.empty() || text.size() > 9 ||
            text.find_first_not_of("0123456789") != std::string::npos)
        {
            Fail(path,
                 "expected an access node's index or name (3 or access-3), got '" + node.data() +
                     "'");
        }
        return static_cast<uint32_t>(std::stoul(text));
    }

    void Workload(const ptree& node, AsetScenario& s) const
    {
        using Client = InferenceClientApplication;
        ObjectReader o = Object(node, "workload");
        if (const ptree* v = o.Find("process"))
        {
            static const std::vector<std::pair<std::string, Client::ArrivalProcess>> processes = {
                {"poisson", Client::POISSON},
                {"constant", Client::CONSTANT},
                {"on-off", Client::ON_OFF},
                {"mmpp", Client::MMPP},
                {"trace", Client::TRACE},
            };
            s.arrivals = Choice(*v, o.Path("process"), processes);
        }
        if ((o.Has("rate") || o.Has("rateDistribution")) && !o.Has("rates"))
        {
            s.accessRates.clear(); // else a base file's per-node rates would win over them
        }
        if (const ptree* v = o.Find("rate"))
        {
            s.ratePerAccessNode = Positive(*v, o.Path("rate"));
        }
        if (const ptree* v = o.Find("load"))
        {
            s.load = Positive(*v, o.Path("load"));
        }
        if (const ptree* v = o.Find("rates"))
        {
            const auto items = Array(*v, o.Path("rates"));
            s.accessRates.clear();
            for (std::size_t i = 0; i < items.size(); ++i)
            {
                s.accessRates.push_back(Positive(*items[i], Item(o.Path("rates"), i)));
            }
        }
        if (const ptree* v = o.Find("rateDistribution"))
        {
            ObjectReader d = Object(*v, o.Path("rateDistribution"));
            RateDistributionSpec& r = s.rateDistribution;
            if (const ptree* k = d.Find("kind"))
            {
                r.kind = String(*k, d.Path("kind"));
                if (r.kind != "equal" && r.kind != "zipf" && r.kind != "lognormal")
                {
                    Fail(d.Path("kind"), "expected equal, zipf or lognormal, got '" + r.kind + "'");
                }
            }
            if (const ptree* k = d.Find("exponent"))
            {
                r.exponent = Number(*k, d.Path("exponent"), 0, 10);
            }
            if (const ptree* k = d.Find("sigma"))
            {
                r.sigma = Number(*k, d.Path("sigma"), 0, 10);
            }
            if (const ptree* k = d.Find("seed"))
            {
                r.seed = static_cast<uint32_t>(Integer(*k, d.Path("seed"), 0, UINT32_MAX));
            }
            d.Finish();
        }
        if (const ptree* v = o.Find("onOff"))
        {
            ObjectReader d = Object(*v, o.Path("onOff"));
            if (const ptree* k = d.Find("on"))
            {
                s.onTime = TimeOf(*k, d.Path("on"), true);
            }
            if (const ptree* k = d.Find("off"))
            {
                s.offTime = TimeOf(*k, d.Path("off"), true);
            }
            d.Finish();
        }
        if (const ptree* v = o.Find("mmpp"))
        {
            const auto items = Array(*v, o.Path("mmpp"));
            s.mmppStates.clear();
            for (std::size_t i = 0; i < items.size(); ++i)
            {
                ObjectReader d = Object(*items[i], Item(o.Path("mmpp"), i));
                Client::MmppState state;
                state.rateFactor = NonNegative(d.Require("factor"), d.Path("factor"));
                state.meanSeconds =
                    TimeOf(d.Require("meanDuration"), d.Path("meanDuration"), true).GetSeconds();
                d.Finish();
                s.mmppStates.push_back(state);
            }
        }
        if (const ptree* v = o.Find("diurnal"))
        {
            ObjectReader d = Object(*v, o.Path("diurnal"));
            if (const ptree* k = d.Find("period"))
            {
                s.diurnalPeriod = TimeOf(*k, d.Path("period"), false);
            }
            if (const ptree* k = d.Find("profile"))
            {
                const auto items = Array(*k, d.Path("profile"));
                s.diurnalProfile.clear();
                for (std::size_t i = 0; i < items.size(); ++i)
                {
                    s.diurnalProfile.push_back(NonNegative(*items[i], Item(d.Path("profile"), i)));
                }
            }
            d.Finish();
        }
        if (const ptree* v = o.Find("flashCrowd"))
        {
            ObjectReader d = Object(*v, o.Path("flashCrowd"));
            FlashCrowdSpec& f = s.flashCrowd;
            const std::pair<const char*, Time*> times[] = {
                {"start", &f.start},
                {"ramp", &f.ramp},
                {"duration", &f.duration},
            };
            for (const auto& [key, time] : times)
            {
                if (const ptree* k = d.Find(key))
                {
                    *time = TimeOf(*k, d.Path(key), false);
                }
            }
            if (const ptree* k = d.Find("factor"))
            {
                f.factor = Number(*k, d.Path("factor"), 0, 1e6);
            }
            else if (f.factor == 1) // no crowd yet; one from a base file keeps its factor
            {
                Fail(d.Path("factor"), "missing: this key is required");
            }
            if (const ptree* k = d.Find("accessNodes"))
            {
                const auto items = Array(*k, d.Path("accessNodes"));
                f.accessNodes.clear();
                for (std::size_t i = 0; i < items.size(); ++i)
                {
                    f.accessNodes.push_back(AccessNode(*items[i], Item(d.Path("accessNodes"), i)));
                }
            }
            d.Finish();
        }
        if (const ptree* v = o.Find("trace"))
        {
            s.traceFile = FilePath(*v, o.Path("trace"));
        }
        o.Finish();
    }

    /// mobility: where the access nodes are, and the groups of moving users.
    void Mobility(const ptree& node, AsetScenario& s) const
    {
        ObjectReader o = Object(node, "mobility");
        MobilitySpec& m = s.mobility;
        if (const ptree* v = o.Find("accessSpacing"))
        {
            m.accessSpacing = Number(*v, o.Path("accessSpacing"), 1, 1e6, "metres in [1, 1e6]");
        }
        if (const ptree* v = o.Find("accessColumns"))
        {
            m.accessColumns = static_cast<uint32_t>(Integer(*v, o.Path("accessColumns"), 0, 100000));
        }
        if (const ptree* v = o.Find("users"))
        {
            const auto items = Array(*v, o.Path("users"));
            m.users.clear();
            for (std::size_t i = 0; i < items.size(); ++i)
            {
                m.users.push_back(MovingUsers(*items[i], Item(o.Path("users"), i), m.users));
            }
        }
        o.Finish();
    }

    MovingUsersSpec MovingUsers(const ptree& node,
                                const std::string& path,
                                const std::vector<MovingUsersSpec>& before) const
    {
        ObjectReader o = Object(node, path);
        MovingUsersSpec g;
        g.name = String(o.Require("name"), o.Path("name"));
        for (const auto& other : before)
        {
            if (other.name == g.name)
            {
                Fail(o.Path("name"), "user group '" + g.name + "' is named twice");
            }
        }
        if (const ptree* v = o.Find("count"))
        {
            g.count = static_cast<uint32_t>(
                Integer(*v, o.Path("count"), 1, AsetScenario::kMaxMovingUsers));
        }
        if (const ptree* v = o.Find("model"))
        {
            g.model = String(*v, o.Path("model"));
            const auto models = MovingUsersSpec::GetModelNames();
            if (std::find(models.begin(), models.end(), g.model) == models.end())
            {
                Fail(o.Path("model"),
                     "expected static, random-walk, random-waypoint or constant-velocity, got '" +
                         g.model + "'");
            }
        }
        // Faster than a high-speed train is not a user of an access network.
        const std::pair<const char*, double*> speeds[] = {{"minSpeed", &g.minSpeed},
                                                          {"maxSpeed", &g.maxSpeed}};
        for (const auto& [key, speed] : speeds)
        {
            if (const ptree* v = o.Find(key))
            {
                *speed = Number(*v, o.Path(key), 0, 150, "metres per second in [0, 150]");
            }
        }
        if (g.minSpeed > g.maxSpeed)
        {
            std::ostringstream problem;
            problem << "expected a speed of at least minSpeed (" << g.minSpeed << "), got '"
                    << g.maxSpeed << "'";
            Fail(o.Path("maxSpeed"), problem.str());
        }
        if (const ptree* v = o.Find("pause"))
        {
            g.pause = TimeOf(*v, o.Path("pause"), false);
        }
        if (const ptree* v = o.Find("rate"))
        {
            g.rate = Positive(*v, o.Path("rate"));
        }
        o.Finish();
        return g;
    }

    void Timing(const ptree& node, AsetScenario& s) const
    {
        ObjectReader o = Object(node, "timing");
        const std::tuple<const char*, Time*, bool> times[] = {
            {"warmup", &s.warmup, false},
            {"duration", &s.duration, true},
            {"drain", &s.drain, false},
            {"queryTimeout", &s.queryTimeout, true},
            {"beaconInterval", &s.beaconInterval, true},
            {"responseTimeout", &s.responseTimeout, false},
        };
        for (const auto& [key, time, positive] : times)
        {
            if (const ptree* v = o.Find(key))
            {
                *time = TimeOf(*v, o.Path(key), positive);
            }
        }
        o.Finish();
    }

    std::vector<std::string> Policies(const ptree& node) const
    {
        if (node.empty() && node.data() == "all")
        {
            return {};
        }
        std::vector<std::string> policies;
        const auto items = Array(node, "policies");
        for (std::size_t i = 0; i < items.size(); ++i)
        {
            const std::string name = String(*items[i], Item("policies", i));
            const std::string problem = AsetExperiment::CheckPolicyName(name);
            if (!problem.empty())
            {
                Fail(Item("policies", i), problem);
            }
            if (std::find(policies.begin(), policies.end(), name) != policies.end())
            {
                Fail(Item("policies", i), "'" + name + "' is named twice");
            }
            policies.push_back(name);
        }
        return policies;
    }

    /// The scenario "extends" names, read from its own folder, so its relative paths stay its own.
    AsetScenario Base(const ptree& node) const
    {
        const std::string path = FilePath(node, "extends");
        const std::string id = CanonicalId(path);
        const auto loop = std::find_if(m_chain.begin(), m_chain.end(), [&id](const ChainLink& l) {
            return l.id == id;
        });
        if (loop != m_chain.end())
        {
            std::string cycle;
            for (auto it = loop; it != m_chain.end(); ++it)
            {
                cycle += it->name + " -> ";
            }
            Fail("extends",
                 "expected a file outside the chain of extends, got a cycle: " + cycle + path);
        }
        if (m_chain.size() > kMaxExtends)
        {
            Fail("extends",
                 "expected at most " + std::to_string(kMaxExtends) + " levels of extends from " +
                     m_chain.front().name + ", got more");
        }
        std::string problem;
        const auto in = TryOpenInputFile(path, problem);
        if (!in)
        {
            Fail("extends", "the base scenario file '" + path + "': " + problem);
        }
        return ReadScenario(*in, path, std::filesystem::path(path).parent_path(), m_chain);
    }

    AsetScenario Scenario(const ptree& root, const std::string& defaultName) const
    {
        ObjectReader o = Object(root, "");
        const ptree* base = o.Find("extends");
        AsetScenario s = base ? Base(*base) : AsetScenario::Default();
        s.name = defaultName;
        if (const ptree* v = o.Find("name"))
        {
            s.name = String(*v, "name");
            if (s.name.empty())
            {
                Fail("name", "expected a non-empty name");
            }
        }
        if (const ptree* v = o.Find("description"))
        {
            String(*v, "description"); // for the reader of the file
        }
        if (const ptree* v = o.Find("catalogue"))
        {
            s.cataloguePath = FilePath(*v, "catalogue");
        }
        if (const ptree* v = o.Find("power"))
        {
            s.powerPath = FilePath(*v, "power");
        }
        if (const ptree* v = o.Find("topology"))
        {
            Topology(*v, s);
        }
        if (const ptree* v = o.Find("deployments"))
        {
            DeploymentsOf(*v, s);
        }
        if (const ptree* v = o.Find("slowdown"))
        {
            Slowdowns(*v, s);
        }
        if (const ptree* v = o.Find("applications"))
        {
            s.applications = Applications(*v);
        }
        if (const ptree* v = o.Find("workload"))
        {
            Workload(*v, s);
        }
        if (const ptree* v = o.Find("timing"))
        {
            Timing(*v, s);
        }
        if (const ptree* v = o.Find("mobility"))
        {
            Mobility(*v, s);
        }
        if (const ptree* v = o.Find("faults"))
        {
            try
            {
                s.faults = ParseFaultTimeline(*v, "faults");
            }
            catch (const std::invalid_argument& e)
            {
                // "faults[i].field: problem": the field path first, as in every other error.
                const std::string text = e.what();
                const auto colon = text.find(": ");
                Fail(text.substr(0, colon), text.substr(colon + 2));
            }
        }
        if (const ptree* v = o.Find("maxBatchSize"))
        {
            s.maxBatchSize = static_cast<uint16_t>(Integer(*v, "maxBatchSize", 1, 65535));
        }
        if (const ptree* v = o.Find("policies"))
        {
            s.policies = Policies(*v);
        }
        if (const ptree* v = o.Find("seeds"))
        {
            const auto items = Array(*v, "seeds");
            s.seeds.clear();
            for (std::size_t i = 0; i < items.size(); ++i)
            {
                s.seeds.push_back(
                    static_cast<uint32_t>(Integer(*items[i], Item("seeds", i), 1, UINT32_MAX)));
            }
            if (s.seeds.empty())
            {
                Fail("seeds", "expected at least one seed");
            }
        }
        if (const ptree* v = o.Find("run"))
        {
            s.run = Integer(*v, "run", 1, UINT64_MAX >> 1);
        }
        o.Finish();
        CrossChecks(s);
        s.sourceFile = m_file;
        return s;
    }

    /// Checks between fields, named by the file's keys (the catalogue's are Validate's).
    void CrossChecks(const AsetScenario& s) const
    {
        const auto [field, problem] = s.FindProblem();
        if (!field.empty())
        {
            Fail(field, problem);
        }
    }

  private:
    std::string m_file;
    std::filesystem::path m_base;
    std::vector<ChainLink> m_chain;
};

/// How deeply arrays and objects may nest in a scenario file (its own use at most 5 levels).
constexpr std::size_t kMaxJsonDepth = 64;

/// Refuses JSON text whose arrays and objects nest more than kMaxJsonDepth levels deep.
void
CheckJsonDepth(const std::string& text, const std::string& sourceName)
{
    std::size_t depth = 0;
    std::size_t line = 1;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        const char c = text[i];
        if (c == '\n')
        {
            ++line;
        }
        else if (inString)
        {
            if (c == '\\')
            {
                ++i; // the escaped character, a quote included
            }
            else if (c == '"')
            {
                inString = false;
            }
        }
        else if (c == '"')
        {
            inString = true;
        }
        else if ((c == '[' || c == '{') && ++depth > kMaxJsonDepth)
        {
            throw AsetInputError(sourceName,
                                 line,
                                 "",
                                 "JSON nested more than " + std::to_string(kMaxJsonDepth) +
                                     " levels deep (the limit)");
        }
        else if ((c == ']' || c == '}') && depth > 0)
        {
            --depth;
        }
    }
}

/// Reads a scenario; \p chain lists the files that extend it, for the checks of "extends".
AsetScenario
ReadScenario(std::istream& in,
             const std::string& sourceName,
             const std::filesystem::path& base,
             std::vector<ChainLink> chain)
{
    // boost's JSON parser recurses once per level: a file nested thousands of
    // levels deep would overflow the stack, so the depth is checked first.
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    CheckJsonDepth(text, sourceName);
    std::istringstream json(text);
    ptree root;
    try
    {
        boost::property_tree::read_json(json, root);
    }
    catch (const boost::property_tree::json_parser_error& e)
    {
        throw AsetInputError(sourceName, e.line(), "", "JSON syntax error: " + e.message());
    }
    std::string name = std::filesystem::path(sourceName).filename().string();
    chain.push_back({sourceName, CanonicalId(base / name)});
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0)
    {
        name.resize(name.size() - 5);
    }
    return ScenarioReader(sourceName, base, std::move(chain)).Scenario(root, name);
}
} // namespace

AsetScenario
AsetScenarioFile::Parse(std::istream& in,
                        const std::string& sourceName,
                        const std::string& baseDirectory)
{
    return ReadScenario(in, sourceName, baseDirectory, {});
}

std::vector<std::string>
AsetScenarioFile::ExpandFolders(const std::vector<std::string>& paths)
{
    std::vector<std::string> files;
    for (const auto& path : paths)
    {
        std::error_code error;
        if (!std::filesystem::is_directory(path, error))
        {
            files.push_back(path);
            continue;
        }
        std::vector<std::string> inFolder;
        for (const auto& entry : std::filesystem::directory_iterator(path, error))
        {
            if (entry.path().extension() == ".json")
            {
                inFolder.push_back(entry.path().string());
            }
        }
        if (inFolder.empty())
        {
            throw AsetInputError(path, 0, "", "expected a scenario file or a folder of .json scenario files, found none");
        }
        std::sort(inFolder.begin(), inFolder.end());
        files.insert(files.end(), inFolder.begin(), inFolder.end());
    }
    return files;
}

std::string
AsetScenarioFile::GetConditionsFolder()
{
    return std::string(ASET_DATA_DIR) + "/scenarios/conditions";
}

AsetScenario
AsetScenarioFile::Load(const std::string& path)
{
    return Parse(*OpenInputFile(path), path, std::filesystem::path(path).parent_path().string());
}

} // namespace ns3
