-- M5 lesson 2: what a slicer writes and how to read it; the quiz of short
-- excerpts for M5.LO3. Command meanings from the Marlin G-code reference
-- (marlinfw.org/docs/gcode: G0-G1, G28, G90/G91, G92, M82/M83, M104/M109,
-- M140/M190, M106/M107, M73, M84) and domain.md §3. The start of the tab
-- file is PrusaSlicer 2.5.0's Ender-3 start G-code (project corpus).
return lesson {
  id = "read-gcode",
  title = _"Reading G-code",
  summary = _"Start G-code, moves, temperatures, fan and progress; absolute and relative extrusion.",
  outcomes = { "M5.LO3" },

  step({ id = "anatomy", title = _"What the slicer writes" }, function()
    heading(_"One command per line")
    say(_"Each line is one command: a letter and number (`G1`, `M104`), then parameters (`X10.5`, `S210`). Everything after `;` is a comment for people. The start of a file sliced for an Ender-3:")
    -- TRANSLATORS: translate only the comments after ";", keep the commands.
    code { _[[
M140 S60         ; bed target 60 °C, do not wait
M104 S150        ; nozzle 150 °C: warm, but not oozing while homing
G28              ; home all axes
M104 S210        ; nozzle target 210 °C
M190 S60         ; wait until the bed is at 60 °C
M109 S210        ; wait until the nozzle is at 210 °C
G92 E0           ; call the extruder position 0
G1 Y140 E10 F1500 ; prime line: move to Y140 while pushing 10 mm]], lang = "gcode" }
    show_table {
      header = { _"Command", _"Does" },
      rows = {
        { "G0 / G1 X Y Z E F", _"move (G1 usually while extruding); F is the speed in mm/min" },
        { "G90 / G91", _"positions are absolute / relative to the last one" },
        { "M82 / M83", _"E (filament) absolute / relative" },
        { "G92 E0", _"sets the current extruder position to 0 (no movement)" },
        { "M104 / M109", _"nozzle target; M109 also waits for it" },
        { "M140 / M190", _"bed target; M190 also waits for it" },
        { "M106 S255 / M107", _"part fan full / off" },
        { "M73 P50 R10", _"progress for the display: 50 %, 10 minutes left" },
        { _";LAYER_CHANGE or ;LAYER:5", _"comments that mark a new layer" },
      },
    }
    note(_"With M83 (relative E), `E0.5` means push 0.5 mm now. With M82 (absolute E), `E120.5` means the total since the last G92 E0 is 120.5 mm.")
  end),

  step({ id = "quiz", title = _"Quiz: reading G-code" }, function()
    say(_"Five short excerpts are drawn from the pool. Say what the machine does. You need 80 % to pass.")
    local passed = quiz {
      id = "m5.gcode", outcome = "M5.LO3", draw = 5, pass = 0.8,
      questions = {
        { id = "x.wait", q = _"`M104 S210` then `G1 X50 E5 F1200` on a cold printer. What happens at the G1?",
          choices = { _"It waits for 210 °C, then moves", _"It moves at once without extruding; the firmware reports cold extrusion prevented", _"It moves without extruding, after heating", _"It halts the printer" }, correct = 2,
          feedback = { [1] = _"M104 does not wait; M109 does.", [3] = _"There is no wait at all before the G1.", [4] = _"A cold extrusion is refused, not a halt.",
                       correct = _"Right: Marlin drops the E part of a cold move (planner.cpp). Use M109 to wait for the temperature." } },
        { id = "rel.e", q = _"`M83` then `G1 X10 E0.4` `G1 X20 E0.4`. How much filament is pushed in total?",
          choices = { "0.4 mm", "0.8 mm", "20 mm", _"Nothing" }, correct = 2,
          feedback = { [1] = _"Each relative move pushes 0.4 mm.", [3] = _"X is the head's position, not filament.", [4] = _"Both moves extrude.",
                       correct = _"Right: relative E adds up." } },
        { id = "abs.e", q = _"`M82`, `G92 E0`, `G1 X10 E2`, `G1 X20 E3`. How much does the second move push?",
          choices = { "3 mm", "1 mm", "5 mm", "0 mm" }, correct = 2,
          feedback = { [1] = _"3 is the total, not this move's share.", [3] = _"Absolute E is not added.", [4] = _"It goes from 2 to 3.",
                       correct = _"Right: absolute E from 2 to 3 is 1 mm." } },
        { id = "g91", q = _"`G91` then `G1 Z5 F600` then `G1 X10`. Where is the head after this, if it started at X0 Z0.2?",
          choices = { _"X10 Z5.2", _"X10 Z5", _"X0 Z5", _"X10 Z0.2" }, correct = 1,
          feedback = { [2] = _"Relative: Z goes up 5 from 0.2.", [3] = _"X moves by 10 too.", [4] = _"Z was lifted by 5.",
                       correct = _"Right: in G91 every move adds to the position." } },
        { id = "g92", q = _"What does `G92 E0` do to the machine?",
          choices = { _"Retracts the filament to 0", _"Nothing moves: the extruder position is called 0", _"Homes the extruder", _"Empties the nozzle" }, correct = 2,
          feedback = { [1] = _"G92 only sets a number.", [3] = _"There is no extruder homing.", [4] = _"No movement at all.",
                       correct = _"Right: it resets the counter for absolute E." } },
        { id = "m190", q = _"`M140 S60` then `M190 S60` then `G28`. When does the printer home?",
          choices = { _"At once", _"After the bed has reached 60 °C", _"After the nozzle is hot", _"Never: M190 cancels G28" }, correct = 2,
          feedback = { [1] = _"M190 waits before the next line.", [3] = _"The nozzle was not set here.", [4] = _"It homes after the wait.",
                       correct = _"Right: M190 waits for the bed." } },
        { id = "fan", q = _"`;LAYER:1` followed by `M106 S255`. What happens?",
          choices = { _"The part fan goes to full speed from layer 1 on", _"The nozzle heats to 255 °C", _"The bed fan turns off", _"Layer 1 is skipped" }, correct = 1,
          feedback = { [2] = _"M104 sets temperatures; M106 is the fan.", [3] = _"M106 switches the part fan on.", [4] = _"A comment marks the layer; it skips nothing.",
                       correct = _"Right: a typical PLA start, fan on after the first layer." } },
        { id = "m73", q = _"The printer's display shows 50 % and 10 minutes after `M73 P50 R10`. What printed that?",
          choices = { _"The firmware measured it", _"The slicer wrote the progress into the file", _"The bed sensor", _"layerlab guessed it" }, correct = 2,
          feedback = { [1] = _"The firmware only shows what M73 says.", [3] = _"The bed has no such sensor.", [4] = _"It is in the file.",
                       correct = _"Right: the slicer's estimate." } },
        { id = "end", q = _"The file ends with `M104 S0`, `M140 S0`, `M107`, `G1 Z10`, `M84`. What is the state after it?",
          choices = { _"Heaters off, fan off, head lifted, motors released; still hot for minutes", _"Everything cold at once", _"Ready for the next layer", _"Heaters at standby" }, correct = 1,
          feedback = { [2] = _"Off does not mean cold: the nozzle and bed cool for minutes.", [3] = _"This is the end sequence.", [4] = _"S0 is off.",
                       correct = _"Right: and M84 means the position is lost." } },
        { id = "f.units", q = _"`G1 X100 F3000`. How fast does the head move?",
          choices = { _"3000 mm/s", _"50 mm/s (3000 mm/min)", _"3 m/s", _"30 mm/s" }, correct = 2,
          feedback = { [1] = _"F is in mm per minute.", [3] = _"That is 3000 mm/s again.", [4] = _"3000 / 60 is 50.",
                       correct = _"Right: F is mm/min." } },
        { id = "retract", q = _"`G1 E-0.8 F2100`, `G0 X80 Y40`, `G1 E0.8 F2100`, with M83. What is this?",
          choices = { _"A retraction, a travel move, and pushing the filament back", _"Three extruding moves", _"A filament change", _"An error in the file" }, correct = 1,
          feedback = { [2] = _"Only the middle move travels; E goes back and forth.", [3] = _"A filament change is M600.", [4] = _"It is the usual retraction pattern.",
                       correct = _"Right: it stops oozing during the travel." } },
        { id = "z.layer", q = _"`;LAYER_CHANGE`, `;Z:0.6`, `G1 Z0.6`. What does this tell you?",
          choices = { _"The next layer is printed at 0.6 mm height", _"The nozzle moves 0.6 mm down", _"The layer height is 0.6 mm", _"A pause of 0.6 s" }, correct = 1,
          feedback = { [2] = _"In G90 Z0.6 is an absolute height.", [3] = _"0.6 is the height of this layer's top, not its thickness.", [4] = _"G4 pauses, not G1.",
                       correct = _"Right: with 0.2 mm layers this is the third layer." } },
        { id = "g28.z", q = _"A file starts with `G1 Z0.2` before any `G28`. What is the problem?",
          choices = { _"None", _"The printer does not know where Z is: it may drive into the bed (layerlab refuses it)", _"It wastes filament", _"It heats too early" }, correct = 2,
          feedback = { [1] = _"Before homing the position is unknown.", [3] = _"Nothing is extruded here.", [4] = _"There is no heating command.",
                       correct = _"Right: home first." } },
        { id = "m109r", q = _"`M109 R190` while the nozzle is at 215 °C. What happens?",
          choices = { _"It returns at once", _"It waits until the nozzle has cooled to 190 °C", _"It heats to 215", _"It is refused" }, correct = 2,
          feedback = { [1] = _"That is M109 S: it waits only while heating.", [3] = _"The target becomes 190.", [4] = _"It is a normal command.",
                       correct = _"Right: R also waits while cooling." } },
        { id = "m862", q = _"A file made for a Prusa MK3S starts with `M862.3 P \"MK3S\"`. You want to print it on an Ender-3. What do you do?",
          choices = { _"Delete the line and print", _"Slice the model again with the Ender-3's profile", _"Print it: the Ender ignores the line", _"Rename the file" }, correct = 2,
          feedback = { [1] = _"The rest of the file is still for the MK3S: its start G-code, bed size and limits.", [3] = _"Moves and temperatures are still the MK3S's.", [4] = _"The name changes nothing inside.",
                       correct = _"Right: a file belongs to one printer; layerlab's check reports it." } },
      },
    }
    if passed then
      say(_"Passed. Next: check a file you sliced yourself.")
    else
      say(_"Not yet: read the first step again and retry the quiz.")
    end
  end),
}
