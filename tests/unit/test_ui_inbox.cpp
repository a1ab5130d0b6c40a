// The worker -> UI queue path: every posted result reaches the UI thread once, in each
// producer's order, and the loop is woken for it.

#include "core/UiInbox.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace lr {
namespace {

TEST(UiInbox, DeliversEveryTaskFromManyProducersInProducerOrder) {
    UiInbox inbox;
    std::atomic<int> wakes{0};
    inbox.setWake([&] { wakes.fetch_add(1); });

    constexpr int kProducers = 4;
    constexpr int kPerProducer = 5000;
    std::vector<std::vector<int>> seen(kProducers); // touched only on the draining thread

    std::vector<std::thread> producers;
    for (int p = 0; p < kProducers; ++p) {
        producers.emplace_back([&, p] {
            for (int i = 0; i < kPerProducer; ++i)
                inbox.post([&seen, p, i] { seen[p].push_back(i); });
        });
    }

    int drained = 0;
    while (drained < kProducers * kPerProducer) {
        const std::size_t ran = inbox.waitAndDrain(std::chrono::seconds(10));
        ASSERT_GT(ran, 0u) << "the inbox stalled after " << drained << " tasks";
        drained += int(ran);
    }
    for (auto& t : producers)
        t.join();

    EXPECT_EQ(drained, kProducers * kPerProducer);
    EXPECT_EQ(wakes.load(), kProducers * kPerProducer);
    for (int p = 0; p < kProducers; ++p) {
        ASSERT_EQ(seen[p].size(), std::size_t(kPerProducer));
        for (int i = 0; i < kPerProducer; ++i)
            ASSERT_EQ(seen[p][i], i) << "producer " << p << " out of order";
    }
    EXPECT_EQ(inbox.drain(), 0u);
}

TEST(UiInbox, DrainRespectsItsLimitAndLeavesTheRest) {
    UiInbox inbox;
    int ran = 0;
    for (int i = 0; i < 10; ++i)
        inbox.post([&] { ++ran; });
    EXPECT_EQ(inbox.drain(3), 3u);
    EXPECT_EQ(ran, 3);
    EXPECT_EQ(inbox.drain(), 7u);
    EXPECT_EQ(ran, 10);
}

TEST(UiInbox, WaitAndDrainTimesOutWhenNothingComes) {
    UiInbox inbox;
    EXPECT_EQ(inbox.waitAndDrain(std::chrono::milliseconds(20)), 0u);
}

} // namespace
} // namespace lr
