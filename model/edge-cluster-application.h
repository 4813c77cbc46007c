// SPDX-License-Identifier: GPL-2.0-only
#ifndef EDGE_CLUSTER_APPLICATION_H
#define EDGE_CLUSTER_APPLICATION_H

#include "aset-types.h"
#include "hardware-power-model.h"
#include "inference-query-header.h"
#include "model-catalogue.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief An edge (or cloud) cluster that serves inference queries.
 *
 * The cluster hosts the model instances a scenario deploys on it. An
 * instance is a model variant on a hardware class with a number of replicas
 * (each serves one batch at a time) and a bounded FIFO queue shared by its
 * replicas. A query names its instance; if that queue is full the query is
 * dropped and a DROPPED response tells the client so. Service time is the
 * catalogue's batch latency, optionally randomised (ServiceTimeModel).
 * Batching is optional: a free replica starts a batch when MaxBatchSize
 * queries wait or the oldest has waited BatchTimeout.
 *
 * Every BeaconInterval the cluster reports each instance's queue length,
 * busy replicas and utilisation to the schedulers registered with
 * AddBeaconDestination(): that beacon is all a scheduler knows of it.
 *
 * Energy: each replica draws its hardware class's busy watts while it
 * serves a batch and its idle watts otherwise, as long as the cluster is
 * up (PowerModel attribute; GetEnergy()). A cluster that is down draws
 * nothing.
 *
 * Faults: the Available attribute (SetAvailable()) takes the cluster out of
 * service as a crash would, and back; SetReplicas() and the Slowdown
 * attribute change its capacity while it runs. See SetAvailable() for what
 * becomes of the queries it holds.
 */
class EdgeClusterApplication : public Application
{
  public:
    /// How a batch's service time is drawn around the catalogue's figure.
    enum ServiceTimeModel : uint8_t
    {
        DETERMINISTIC, //!< exactly the catalogue's latency (M/D/c)
        EXPONENTIAL,   //!< exponential with the catalogue's latency as mean (M/M/c)
        UNIFORM_JITTER //!< latency x U[1 - JitterFraction, 1 + JitterFraction]
    };

    /// What a scenario deploys: one instance.
    struct InstanceConfig
    {
        uint16_t variantId{0};
        HardwareClass hardware{HardwareClass::CPU};
        uint16_t replicas{1};
        uint32_t queueCapacity{100};
    };

    /// Signature of the ServiceStart trace: the query and the size of its batch.
    typedef void (*ServiceStartTracedCallback)(const InferenceQueryHeader& header,
                                               uint16_t batchSize);
    /// Signature of the Availability trace: false when the cluster goes down, true when it is back.
    typedef void (*AvailabilityTracedCallback)(bool available);

    static TypeId GetTypeId();
    EdgeClusterApplication();
    ~EdgeClusterApplication() override;

    void SetCatalogue(Ptr<ModelCatalogue> catalogue);
    Ptr<ModelCatalogue> GetCatalogue() const;

    /**
     * Deploys an instance; returns its index (the instance id in headers and
     * beacons). Aborts if the variant does not run on the hardware class.
     */
    uint16_t AddInstance(const InstanceConfig& config);
    std::size_t GetInstanceCount() const;

    /// Adds a scheduler that receives this cluster's load beacons.
    void AddBeaconDestination(const Address& destination);

    /// The configuration of instance \p index, with its current replica count.
    const InstanceConfig& GetInstanceConfig(uint16_t index) const;

    /**
     * Takes the cluster out of service (false) or brings it back (true), as
     * a crash and a restart would (also the Available attribute). Going down
     * discards, without any response, every query waiting or in service, and
     * stops the beacons; while down, every query that arrives is discarded
     * too. The clients find these queries lost when their QueryTimeout
     * expires, and the schedulers find the cluster gone when its beacons
     * stop (their StaleAfter). Coming up starts with empty queues and sends
     * a beacon at once. Each discarded query fires the Discard trace.
     */
    void SetAvailable(bool available);
    bool IsAvailable() const;

    /**
     * Changes the replica count of instance \p index from now on (at least
     * 1). Added replicas start on waiting queries at once; a removed replica
     * that is serving a batch finishes it, and counts against the new number
     * until it has.
     */
    void SetReplicas(uint16_t index, uint16_t replicas);

    uint16_t GetClusterId() const;
    ClusterTier GetTier() const;

    /// Queries served, dropped for a full queue, and packets refused as malformed.
    uint64_t GetServedCount() const;
    uint64_t GetDroppedCount() const;
    uint64_t GetMalformedCount() const;
    /// Queries discarded because the cluster was down (see SetAvailable()).
    uint64_t GetDiscardedCount() const;
    /// Busy replica-seconds so far, summed over instances (for utilisation).
    double GetBusyReplicaSeconds() const;
    /// Replicas summed over instances.
    uint32_t GetReplicaCount() const;

    /**
     * Time instance \p index's replicas spent serving batches so far, summed
     * over its replicas (two replicas busy for 1 s: 2 s), counted exactly in
     * simulator time steps.
     */
    Time GetBusyTime(uint16_t index) const;
    /**
     * Time instance \p index's replicas were powered so far, summed over its
     * replicas: while the application runs and the cluster is up, every
     * replica it has, and a removed one until its last batch ends. Idle time
     * is this minus GetBusyTime().
     */
    Time GetPoweredTime(uint16_t index) const;
    /**
     * Joules drawn so far: over the instances, busy time x busy watts + idle
     * time x idle watts of its hardware class (PowerModel). 0 without a
     * PowerModel.
     */
    double GetEnergy() const;

    /// Assigns fixed random streams, starting at \p stream; returns how many were used.
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    struct Instance
    {
        InstanceConfig config;
        uint16_t maxBatch{1};
        std::deque<InferenceQueryHeader> queue;
        /// One slot per replica: the batch it serves, empty when idle.
        std::vector<std::vector<InferenceQueryHeader>> slots;
        std::vector<EventId> slotEnd; //!< per slot, the end of its batch's service
        uint16_t busy{0};
        EventId batchTimer;
        double busyReplicaSeconds{0};       //!< total
        double beaconBusyReplicaSeconds{0}; //!< since the last beacon
        Time lastChange;
        // Energy accounting in time steps, exact (the doubles above round).
        Time busyTime;    //!< replica-time serving batches, up to lastEnergyChange
        Time poweredTime; //!< replica-time powered, up to lastEnergyChange
        Time lastEnergyChange;
    };

    void StartApplication() override;
    void StopApplication() override;

    void HandleRead(Ptr<Socket> socket);
    void Admit(const InferenceQueryHeader& header);
    void TryStartService(uint16_t index);
    void FinishService(uint16_t index, uint16_t slot);
    Time DrawServiceTime(const Instance& instance, uint16_t batchSize);
    /// Sends the response straight to the client named in the header.
    void Reply(InferenceQueryHeader header, InferenceQueryHeader::Status status, uint32_t size);
    void AccountBusyTime(Instance& instance);
    /// Instance \p index; aborts if there is none.
    const Instance& GetInstance(uint16_t index) const;
    /// \p instance's busy and powered replica-time up to now.
    std::pair<Time, Time> GetEnergyTimes(const Instance& instance) const;
    /// Adds the busy and powered replica-time since the instance's last change.
    void AccountEnergyTime(Instance& instance);
    /// Whether replicas draw power now: the application runs and the cluster is up.
    bool IsPowered() const;
    void SendBeacon();
    /// Counts and traces a query lost with the cluster.
    void Discard(const InferenceQueryHeader& header);

    // Attributes
    uint16_t m_port;
    uint16_t m_clusterId;
    ClusterTier m_tier;
    Time m_beaconInterval;
    ServiceTimeModel m_serviceTimeModel;
    double m_jitterFraction;
    double m_slowdown;
    uint16_t m_maxBatchSize;
    Time m_batchTimeout;
    bool m_available{true};
    bool m_running{false}; //!< between StartApplication and StopApplication

    Ptr<ModelCatalogue> m_catalogue;
    Ptr<HardwarePowerModel> m_powerModel;
    std::vector<Instance> m_instances;
    std::vector<Address> m_beaconDestinations;
    Ptr<Socket> m_socket;
    Ptr<Socket> m_beaconSocket;
    EventId m_beaconEvent;
    Ptr<ExponentialRandomVariable> m_exponential;
    Ptr<UniformRandomVariable> m_uniform;

    uint64_t m_served{0};
    uint64_t m_dropped{0};
    uint64_t m_malformed{0};
    uint64_t m_discarded{0};

    TracedCallback<const InferenceQueryHeader&> m_enqueueTrace;
    TracedCallback<const InferenceQueryHeader&, uint16_t> m_startTrace;
    TracedCallback<const InferenceQueryHeader&> m_finishTrace;
    TracedCallback<const InferenceQueryHeader&> m_dropTrace;
    TracedCallback<Ptr<const Packet>, const Address&> m_malformedTrace;
    TracedCallback<bool> m_availabilityTrace;
    TracedCallback<const InferenceQueryHeader&> m_discardTrace;
};

} // namespace ns3

#endif // EDGE_CLUSTER_APPLICATION_H
