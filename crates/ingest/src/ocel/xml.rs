//! The OCEL 2.0 XML reader. It streams the text with quick-xml, one tag at a
//! time, and builds the log as it goes, with no document tree in between.
//! Each element of the format has a function that reads up to the element's
//! end tag. Elements the format does not define are skipped whole, so that
//! extensions written by other tools do not stop an import. A section that
//! appears twice (two `<objects>`, say) adds to the first rather than
//! replacing it.

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use throughline_model::Timestamp;

use super::ReadOptions;
use super::duplicates::first_repeated_id;
use super::error::{OcelError, Place};
use super::log::{
    OcelAttributeDeclaration, OcelEvent, OcelEventAttribute, OcelLog, OcelObject,
    OcelObjectAttribute, OcelRelationship, OcelType,
};
use super::source::{Origin, without_byte_order_mark};

/// Reads an OCEL 2.0 XML text.
pub(super) fn read(
    bytes: &[u8],
    origin: &Origin,
    options: &ReadOptions,
) -> Result<OcelLog, OcelError> {
    let text = without_byte_order_mark(bytes);
    let mut reader = XmlReader::new(text, origin, options);

    let root = reader.root()?;
    let log = reader.log(&root)?;

    reader.refuse_repeated_ids(&log)?;
    Ok(log)
}

/// A start tag, or an empty-element tag, and where it began.
struct Element<'input> {
    tag: BytesStart<'input>,
    start: usize,
    /// Written as `<tag/>`: there is no content and no end tag to read.
    is_empty: bool,
}

impl Element<'_> {
    fn name(&self) -> &str {
        self.tag.local_name().into_inner()
    }
}

struct XmlReader<'input> {
    reader: Reader<&'input [u8]>,
    text: &'input [u8],
    origin: &'input Origin,
    options: &'input ReadOptions,
    /// Byte offset at which the last event read began.
    event_start: usize,
    /// Where each object and event began, kept to place a repeated id.
    object_starts: Vec<usize>,
    event_starts: Vec<usize>,
}

impl<'input> XmlReader<'input> {
    fn new(text: &'input [u8], origin: &'input Origin, options: &'input ReadOptions) -> Self {
        Self {
            reader: Reader::from_reader(text),
            text,
            origin,
            options,
            event_start: 0,
            object_starts: Vec::new(),
            event_starts: Vec::new(),
        }
    }

    /// The root element, which must be `<log>`.
    fn root(&mut self) -> Result<Element<'input>, OcelError> {
        let root = loop {
            match self.next_event()? {
                Event::Start(tag) => break self.element(tag, false),
                Event::Empty(tag) => break self.element(tag, true),
                Event::Eof => {
                    let problem = "the text has no <log> element";
                    return Err(self.malformed(self.text.len(), problem));
                }
                _ => {}
            }
        };

        if root.name() != "log" {
            let problem = format!("the root element is <{}>, expected <log>", root.name());
            return Err(self.malformed(root.start, problem));
        }
        Ok(root)
    }

    fn log(&mut self, root: &Element<'input>) -> Result<OcelLog, OcelError> {
        let mut log = OcelLog {
            object_types: Vec::new(),
            event_types: Vec::new(),
            objects: Vec::new(),
            events: Vec::new(),
        };

        while let Some(child) = self.next_child(root)? {
            match child.name() {
                "object-types" => log.object_types.extend(self.types(&child, "object-type")?),
                "event-types" => log.event_types.extend(self.types(&child, "event-type")?),
                "objects" => log.objects.extend(self.objects(&child)?),
                "events" => log.events.extend(self.events(&child)?),
                _ => self.skip(&child)?,
            }
        }
        Ok(log)
    }

    fn types(&mut self, parent: &Element<'input>, kind: &str) -> Result<Vec<OcelType>, OcelError> {
        self.children_named(parent, kind, Self::declared_type)
    }

    fn declared_type(&mut self, element: &Element<'input>) -> Result<OcelType, OcelError> {
        let mut declared = OcelType {
            name: self.attribute(element, "name")?.into_owned(),
            attributes: Vec::new(),
        };

        while let Some(child) = self.next_child(element)? {
            if child.name() == "attributes" {
                let declarations = self.attribute_declarations(&child)?;
                declared.attributes.extend(declarations);
            } else {
                self.skip(&child)?;
            }
        }
        Ok(declared)
    }

    fn attribute_declarations(
        &mut self,
        parent: &Element<'input>,
    ) -> Result<Vec<OcelAttributeDeclaration>, OcelError> {
        self.children_named(parent, "attribute", |reader, child| {
            let declaration = OcelAttributeDeclaration {
                name: reader.attribute(child, "name")?.into_owned(),
                kind: reader.attribute(child, "type")?.into_owned(),
            };
            reader.skip(child)?;
            Ok(declaration)
        })
    }

    fn objects(&mut self, parent: &Element<'input>) -> Result<Vec<OcelObject>, OcelError> {
        self.children_named(parent, "object", |reader, child| {
            reader.object_starts.push(child.start);
            reader.object(child)
        })
    }

    fn object(&mut self, element: &Element<'input>) -> Result<OcelObject, OcelError> {
        let mut object = OcelObject {
            id: self.attribute(element, "id")?.into_owned(),
            object_type: self.attribute(element, "type")?.into_owned(),
            attributes: Vec::new(),
            relationships: Vec::new(),
        };

        while let Some(child) = self.next_child(element)? {
            match child.name() {
                "attributes" => object.attributes.extend(self.object_attributes(&child)?),
                "objects" => object.relationships.extend(self.relationships(&child)?),
                _ => self.skip(&child)?,
            }
        }
        Ok(object)
    }

    fn object_attributes(
        &mut self,
        parent: &Element<'input>,
    ) -> Result<Vec<OcelObjectAttribute>, OcelError> {
        self.children_named(parent, "attribute", |reader, child| {
            let name = reader.attribute(child, "name")?.into_owned();
            let time = reader.time(child, || format!("attribute '{name}' time"))?;
            let value = reader.element_text(child)?;
            Ok(OcelObjectAttribute { name, value, time })
        })
    }

    fn events(&mut self, parent: &Element<'input>) -> Result<Vec<OcelEvent>, OcelError> {
        self.children_named(parent, "event", |reader, child| {
            reader.event_starts.push(child.start);
            reader.event(child)
        })
    }

    fn event(&mut self, element: &Element<'input>) -> Result<OcelEvent, OcelError> {
        let mut event = OcelEvent {
            id: self.attribute(element, "id")?.into_owned(),
            event_type: self.attribute(element, "type")?.into_owned(),
            time: self.time(element, || "event time".to_owned())?,
            attributes: Vec::new(),
            relationships: Vec::new(),
        };

        while let Some(child) = self.next_child(element)? {
            match child.name() {
                "attributes" => event.attributes.extend(self.event_attributes(&child)?),
                "objects" => event.relationships.extend(self.relationships(&child)?),
                _ => self.skip(&child)?,
            }
        }
        Ok(event)
    }

    fn event_attributes(
        &mut self,
        parent: &Element<'input>,
    ) -> Result<Vec<OcelEventAttribute>, OcelError> {
        self.children_named(parent, "attribute", |reader, child| {
            let name = reader.attribute(child, "name")?.into_owned();
            let value = reader.element_text(child)?;
            Ok(OcelEventAttribute { name, value })
        })
    }

    fn relationships(
        &mut self,
        parent: &Element<'input>,
    ) -> Result<Vec<OcelRelationship>, OcelError> {
        self.children_named(parent, "relationship", |reader, child| {
            let relationship = OcelRelationship {
                object_id: reader.attribute(child, "object-id")?.into_owned(),
                qualifier: reader.attribute(child, "qualifier")?.into_owned(),
            };
            reader.skip(child)?;
            Ok(relationship)
        })
    }

    /// Reads every child element called `name` with `read`, which must
    /// consume the element; other children are skipped whole.
    fn children_named<T>(
        &mut self,
        parent: &Element<'input>,
        name: &str,
        mut read: impl FnMut(&mut Self, &Element<'input>) -> Result<T, OcelError>,
    ) -> Result<Vec<T>, OcelError> {
        let mut items = Vec::new();
        while let Some(child) = self.next_child(parent)? {
            if child.name() == name {
                items.push(read(self, &child)?);
            } else {
                self.skip(&child)?;
            }
        }
        Ok(items)
    }

    fn refuse_repeated_ids(&self, log: &OcelLog) -> Result<(), OcelError> {
        let object_ids = log.objects.iter().map(|object| object.id.as_str());
        if let Some((first, second)) = first_repeated_id(object_ids) {
            return Err(OcelError::DuplicateObjectId {
                path: self.origin.path.clone(),
                place: self.place(self.object_starts[second]),
                first: self.place(self.object_starts[first]),
                id: log.objects[second].id.clone(),
            });
        }

        let event_ids = log.events.iter().map(|event| event.id.as_str());
        if let Some((first, second)) = first_repeated_id(event_ids) {
            return Err(OcelError::DuplicateEventId {
                path: self.origin.path.clone(),
                place: self.place(self.event_starts[second]),
                first: self.place(self.event_starts[first]),
                id: log.events[second].id.clone(),
            });
        }
        Ok(())
    }

    /// The next child element of `parent`, or `None` once its end tag is
    /// read. Text, comments and the like between elements carry nothing in
    /// OCEL and are passed over.
    fn next_child(
        &mut self,
        parent: &Element<'input>,
    ) -> Result<Option<Element<'input>>, OcelError> {
        if parent.is_empty {
            return Ok(None);
        }
        loop {
            match self.next_event()? {
                Event::Start(tag) => return Ok(Some(self.element(tag, false))),
                Event::Empty(tag) => return Ok(Some(self.element(tag, true))),
                Event::End(_) => return Ok(None),
                Event::Eof => return Err(self.ends_inside(parent)),
                _ => {}
            }
        }
    }

    /// Reads past an element and everything in it.
    fn skip(&mut self, element: &Element<'input>) -> Result<(), OcelError> {
        if element.is_empty {
            return Ok(());
        }
        match self.reader.read_to_end(element.tag.name()) {
            Ok(_) => Ok(()),
            Err(error) => Err(self.syntax_error(&error)),
        }
    }

    /// The text inside an element such as `<attribute>`, unescaped.
    fn element_text(&mut self, element: &Element<'input>) -> Result<String, OcelError> {
        let mut text = String::new();
        if element.is_empty {
            return Ok(text);
        }

        loop {
            match self.next_event()? {
                Event::Text(part) => text.push_str(&part.xml10_content()),
                Event::CData(part) => text.push_str(&part.xml10_content()),
                Event::GeneralRef(reference) => self.push_reference(&mut text, &reference)?,
                Event::End(_) => return Ok(text),
                Event::Start(tag) | Event::Empty(tag) => {
                    let problem = format!(
                        "<{}> holds a <{}> element where only text is expected",
                        element.name(),
                        tag.local_name().into_inner()
                    );
                    return Err(self.malformed(self.event_start, problem));
                }
                Event::Eof => return Err(self.ends_inside(element)),
                _ => {}
            }
        }
    }

    /// quick-xml hands `&amp;` and `&#38;` over as their own events.
    fn push_reference(&self, text: &mut String, reference: &BytesRef<'_>) -> Result<(), OcelError> {
        let character = reference
            .resolve_char_ref()
            .map_err(|error| self.malformed(self.event_start, error.to_string()))?;
        if let Some(character) = character {
            text.push(character);
            return Ok(());
        }

        let name: &str = reference;
        let Some(replacement) = resolve_predefined_entity(name) else {
            let problem = format!("unknown entity &{name}; (only XML's predefined ones are read)");
            return Err(self.malformed(self.event_start, problem));
        };
        text.push_str(replacement);
        Ok(())
    }

    /// The unescaped value of an XML attribute that OCEL requires.
    fn attribute<'element>(
        &self,
        element: &'element Element<'input>,
        name: &str,
    ) -> Result<Cow<'element, str>, OcelError> {
        let bad_attribute = |problem: String| self.malformed(element.start, problem);
        let found = element
            .tag
            .try_get_attribute(name)
            .map_err(|error| bad_attribute(error.to_string()))?;
        let Some(attribute) = found else {
            return Err(bad_attribute(format!(
                "<{}> has no '{name}' attribute",
                element.name()
            )));
        };

        attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|error| bad_attribute(error.to_string()))
    }

    /// The element's `time` attribute; `field` names it in an error.
    fn time(
        &self,
        element: &Element<'input>,
        field: impl FnOnce() -> String,
    ) -> Result<Timestamp, OcelError> {
        let text = self.attribute(element, "time")?;
        Timestamp::parse(&text, self.options.naive_offset).map_err(|_| {
            self.origin
                .bad_timestamp(self.place(element.start), field(), &text)
        })
    }

    fn next_event(&mut self) -> Result<Event<'input>, OcelError> {
        self.event_start = self.reader.buffer_position() as usize;
        self.reader
            .read_event()
            .map_err(|error| self.syntax_error(&error))
    }

    fn element(&self, tag: BytesStart<'input>, is_empty: bool) -> Element<'input> {
        Element {
            tag,
            start: self.event_start,
            is_empty,
        }
    }

    fn syntax_error(&self, error: &quick_xml::Error) -> OcelError {
        let offset = self.reader.error_position() as usize;
        self.malformed(offset, error.to_string())
    }

    fn ends_inside(&self, element: &Element<'input>) -> OcelError {
        let problem = format!(
            "the text ends before <{}> (opened at {}) is closed",
            element.name(),
            self.place(element.start)
        );
        self.malformed(self.text.len(), problem)
    }

    fn malformed(&self, offset: usize, problem: impl Into<String>) -> OcelError {
        self.origin.malformed(self.place(offset), problem)
    }

    fn place(&self, offset: usize) -> Place {
        self.origin.text_place(self.text, offset)
    }
}
