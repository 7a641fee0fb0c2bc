//! The pages as a user sees them in headless Chromium, over the real
//! order-management log with one sales process record for AlpenTech
//! Innovations AG.
//!
//! One browser and one server serve every check: starting them is most of
//! the time this file takes. The checks run in sequence, each opening the
//! page it needs, so none depends on where another left the browser.

use serde_json::Value;
use throughline_browser_tests::{ACCOUNT, Browser, WINDOW_WIDTH, with_browser};

const TITLE: &str = "AlpenTech Innovations AG — Order to cash";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_work_in_a_real_browser() {
    with_browser(|browser| async move {
        the_list_links_the_process_to_its_dashboard(&browser).await;
        the_dashboard_shows_three_levels_of_tiles(&browser).await;
        the_level_control_shows_fewer_levels(&browser).await;
        a_done_tile_is_drawn_in_the_legend_s_done_colour(&browser).await;
        an_unknown_process_shows_the_friendly_not_found_page(&browser).await;
        a_full_page_screenshot_is_a_png_as_wide_as_the_window(&browser).await;
    })
    .await;
}

/// The one row names the process, its title and its account; its number
/// leads to the dashboard.
async fn the_list_links_the_process_to_its_dashboard(browser: &Browser) {
    assert_eq!(browser.process_number().to_string(), "SP0001");
    browser.open("/").await;

    let row = "table.processes tbody tr";
    assert_eq!(browser.count(row).await, 1);
    assert_eq!(
        browser.text(&format!("{row} td:nth-child(1)")).await,
        "SP0001"
    );
    assert_eq!(browser.text(&format!("{row} td:nth-child(2)")).await, TITLE);
    assert_eq!(
        browser.text(&format!("{row} td:nth-child(3)")).await,
        ACCOUNT
    );

    let link = browser.find("a.process-number").await;
    link.click()
        .await
        .expect("the process number can be clicked");
    browser.wait_for_address("/processes/SP0001").await;
    assert_eq!(browser.text("h1").await, TITLE);
}

/// Three levels by default: the account's orders, their lines, and the
/// deliveries of those lines, every order of which is done.
async fn the_dashboard_shows_three_levels_of_tiles(browser: &Browser) {
    browser.open("/processes/SP0001").await;

    assert_eq!(browser.text("nav.levels a.current").await, "3");
    assert_eq!(browser.count(".tile").await, 660);
    assert_eq!(
        browser.text("p.summary").await,
        "660 records: 121 orders · 464 order lines · 75 deliveries"
    );

    let orders = tiles_of_type(browser, "Order").await;
    assert_eq!(orders.len(), 121);
    let not_done: Vec<&String> = orders
        .iter()
        .filter(|classes| !classes.split(' ').any(|class| class == "phase-done"))
        .collect();
    assert!(not_done.is_empty(), "order tiles not done: {not_done:?}");
}

/// The class lists of the tiles whose type label reads `type_label`,
/// gathered in one script rather than hundreds of WebDriver calls.
async fn tiles_of_type(browser: &Browser, type_label: &str) -> Vec<String> {
    let script = "return Array.from(document.querySelectorAll('.tile'), tile => \
        [tile.querySelector('.tile-type').textContent.trim(), tile.className]);";
    let tiles = browser
        .client()
        .execute(script, Vec::new())
        .await
        .expect("the tiles can be read");

    let tiles = tiles.as_array().expect("the script returns a list");
    tiles
        .iter()
        .filter(|tile| tile[0] == type_label)
        .map(|tile| tile[1].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Level 1 leaves the orders, level 2 adds their lines; the address keeps
/// the choice so that a reload or a shared link shows the same.
async fn the_level_control_shows_fewer_levels(browser: &Browser) {
    browser.open("/processes/SP0001").await;

    click_level(browser, "1").await;
    browser.wait_for_address("/processes/SP0001?levels=1").await;
    assert_eq!(browser.text("nav.levels a.current").await, "1");
    assert_eq!(browser.count(".tile").await, 121);

    click_level(browser, "2").await;
    browser.wait_for_address("/processes/SP0001?levels=2").await;
    assert_eq!(browser.text("nav.levels a.current").await, "2");
    assert_eq!(browser.count(".tile").await, 585);
}

async fn click_level(browser: &Browser, levels: &str) {
    let choices = browser.find_all("nav.levels a.level").await;
    for choice in choices {
        if choice.text().await.expect("a level's text") == levels {
            choice.click().await.expect("the level can be clicked");
            return;
        }
    }
    panic!("the level control offers no {levels}");
}

/// The phase colouring is drawn, not only named: a done tile's border and
/// background are those of the legend's "Done" swatch, which differ from
/// the other phases' swatches.
async fn a_done_tile_is_drawn_in_the_legend_s_done_colour(browser: &Browser) {
    browser.open("/processes/SP0001?levels=1").await;

    let done_tile = colours(browser, FIRST_MATCH, ".tile.phase-done").await;
    let done_swatch = colours(browser, LEGEND_SWATCH, "Done").await;
    assert_eq!(done_tile, done_swatch);

    for other in ["Open", "In progress", "Cancelled"] {
        let swatch = colours(browser, LEGEND_SWATCH, other).await;
        assert_ne!(swatch.0, done_swatch.0, "{other} border");
        assert_ne!(swatch.1, done_swatch.1, "{other} background");
    }
}

/// Script finding the first element that matches the CSS selector given.
const FIRST_MATCH: &str = "document.querySelector(arguments[0])";
/// Script finding the swatch beside the legend label given.
const LEGEND_SWATCH: &str = "Array.from(document.querySelectorAll('.legend-item'))\
    .find(item => item.textContent.trim() === arguments[0]).querySelector('.swatch')";

/// The border and background colours the browser computed for the element
/// that `find` finds, given `argument`.
async fn colours(browser: &Browser, find: &str, argument: &str) -> (String, String) {
    let script = format!(
        "const style = getComputedStyle({find}); \
        return [style.borderTopColor, style.backgroundColor];"
    );
    let colours = browser
        .client()
        .execute(&script, vec![Value::from(argument)])
        .await
        .unwrap_or_else(|error| panic!("cannot read the colours of {argument}: {error}"));

    let colour = |index: usize| colours[index].as_str().unwrap_or_default().to_owned();
    (colour(0), colour(1))
}

/// A page, not the API's JSON envelope, with a way back to the list.
async fn an_unknown_process_shows_the_friendly_not_found_page(browser: &Browser) {
    browser.open("/processes/SP0999").await;

    assert_eq!(browser.text(".error-status").await, "404");
    assert_eq!(browser.text("h1").await, "Not found");
    assert_eq!(
        browser.text(".error-message").await,
        "No sales process record SP0999"
    );
    assert!(!browser.text("body").await.contains('{'));
    assert_eq!(
        browser.text("a.button").await,
        "Back to the sales processes"
    );
}

/// The whole dashboard in one image, as wide as the window and as tall as
/// the page, with the tiles painted in it.
async fn a_full_page_screenshot_is_a_png_as_wide_as_the_window(browser: &Browser) {
    browser.open("/processes/SP0001").await;
    let page_height = browser
        .client()
        .execute("return document.documentElement.scrollHeight;", Vec::new())
        .await
        .expect("the page's height");

    let screenshot = browser.full_page_screenshot().await;
    let file = browser.scratch_folder().join("dashboard.png");
    std::fs::write(&file, &screenshot).expect("the screenshot is written");

    let image = decode_png(&screenshot);
    assert_eq!(image.width, WINDOW_WIDTH);
    assert_eq!(Some(u64::from(image.height)), page_height.as_u64());
    let (done_border, _) = colours(browser, LEGEND_SWATCH, "Done").await;
    assert!(
        image.pixels_of(red_green_blue(&done_border)) > 1000,
        "the done tiles' border colour {done_border} hardly shows in {}",
        file.display()
    );
}

/// "rgb(28, 138, 71)", as the browser computes a colour, as three bytes.
fn red_green_blue(computed: &str) -> [u8; 3] {
    let channels: Vec<u8> = computed
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(", ")
        .map(|channel| channel.parse().expect("a channel from 0 to 255"))
        .collect();
    channels
        .try_into()
        .unwrap_or_else(|_| panic!("{computed} is not an opaque rgb() colour"))
}

/// A decoded PNG: its size and its pixels as 8-bit samples.
struct Image {
    width: u32,
    height: u32,
    samples_per_pixel: usize,
    samples: Vec<u8>,
}

impl Image {
    /// How many pixels have exactly this red, green and blue.
    fn pixels_of(&self, colour: [u8; 3]) -> usize {
        self.samples
            .chunks_exact(self.samples_per_pixel)
            .filter(|pixel| pixel[..3] == colour)
            .count()
    }
}

fn decode_png(bytes: &[u8]) -> Image {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("the screenshot is a PNG");
    let size = reader
        .output_buffer_size()
        .expect("the image fits in memory");
    let mut samples = vec![0; size];
    let frame = reader.next_frame(&mut samples).expect("the PNG decodes");

    // Chromium writes 8-bit RGB or RGBA; the colour check below needs both
    // to hold.
    assert_eq!(frame.bit_depth, png::BitDepth::Eight);
    assert!(frame.color_type.samples() >= 3, "{:?}", frame.color_type);
    samples.truncate(frame.buffer_size());
    Image {
        width: frame.width,
        height: frame.height,
        samples_per_pixel: frame.color_type.samples(),
        samples,
    }
}
